import { getOperationAST, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { persistedDocument, type PersistedQueryStore } from '../persisted-queries/persisted-query-store.js';
import { refuseCostlyOperation } from '../protection/connection-cost.plugin.js';
import { QUERY_LIMITS } from '../protection/query-limits.js';

/** The schema Nest builds (from typePaths), kept for graphql-ws, which runs outside Apollo. */
export class LiveSchema {
  private schema: GraphQLSchema | undefined;

  set(schema: GraphQLSchema): GraphQLSchema {
    this.schema = schema;
    return schema;
  }

  get(): GraphQLSchema {
    if (!this.schema) throw new Error('the GraphQL schema is not built yet');
    return this.schema;
  }
}

/** The client edge's rules, as the HTTP path applies them (see apollo-options.ts). */
export interface EdgeRules {
  readonly schema: LiveSchema;
  readonly persistedQueries: PersistedQueryStore;
  /** graphql-armor's shape limits (depth, aliases, directives). */
  readonly validationRules: readonly ValidationRule[];
}

/** A subscribe message that passed the edge: what to execute, or the refusals to answer. */
export type LiveOperation =
  | { readonly args: ExecutionArgs; readonly errors?: undefined }
  | { readonly args?: undefined; readonly errors: readonly GraphQLError[]; readonly document?: DocumentNode };

/**
 * The HTTP path's edge, in Apollo's order, for one graphql-ws subscribe message: find the
 * document (text, or persisted by hash; safelist mode refuses text), parse it within the token
 * limit, validate it with the shape limits, then price it (connection cost with its variables).
 */
export async function liveOperation(payload: SubscribePayload, rules: EdgeRules): Promise<LiveOperation> {
  let document: DocumentNode | undefined;
  try {
    document = parseOperation(await persistedDocument(payload, rules.persistedQueries));
    const schema = rules.schema.get();
    const invalid = validate(schema, document, [...specifiedRules, ...rules.validationRules]);
    if (invalid.length > 0) return { errors: invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')), document };
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return { errors: [codedError('Unable to identify operation', 'OPERATION_RESOLUTION_FAILURE')], document };
    const variables = payload.variables ?? {};
    refuseCostlyOperation({ schema, document, operation, variables });
    return { args: { schema, document, operationName: payload.operationName, variableValues: variables } };
  } catch (error) {
    // The edge's refusals are GraphQL errors; anything else is a fault, which closes the socket.
    if (error instanceof GraphQLError) return { errors: [error], document };
    throw error;
  }
}

/** graphql-js's parser with the HTTP path's token limit (formatGraphQLError names it TOO_MANY_TOKENS). */
function parseOperation(text: string): DocumentNode {
  try {
    return parse(text, { maxTokens: QUERY_LIMITS.maxTokens });
  } catch (error) {
    if (error instanceof GraphQLError) throw withCode(error, 'GRAPHQL_PARSE_FAILED');
    throw error;
  }
}

/** Apollo adds these codes to graphql-js's errors on HTTP; a refusal that has its own keeps it. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

function codedError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}
