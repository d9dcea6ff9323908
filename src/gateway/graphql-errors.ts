import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { sqlState } from '../database/sql-state.js';
import { DomainError, ProjectionBehindError } from '../errors/domain-error.js';

/** Codes that graphql-js / Apollo produce for malformed requests: already clear and safe. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_REQUIRED',
  'RATE_LIMITED',
]);

/**
 * Refusals of the client edge (limits, safelist, rate limit), before any resolver runs. Messages
 * say what to change, never the configured limit (it would help an attacker tune a query).
 */
const EDGE_REFUSALS = {
  QUERY_TOO_DEEP: ['GRAPHQL_VALIDATION_FAILED', 'the query is nested too deeply'],
  TOO_MANY_ALIASES: ['GRAPHQL_VALIDATION_FAILED', 'the query uses too many aliases'],
  TOO_MANY_DIRECTIVES: ['GRAPHQL_VALIDATION_FAILED', 'the query uses too many directives'],
  TOO_MANY_TOKENS: ['GRAPHQL_VALIDATION_FAILED', 'the query is too long'],
  QUERY_TOO_COSTLY: ['GRAPHQL_VALIDATION_FAILED', 'the query asks for too much at once: request fewer items (`first`) or fewer fields'],
  OPERATION_NOT_SAFELISTED: ['PERSISTED_QUERY_REQUIRED', 'this gateway runs only persisted operations: send the id of an operation from the manifest, without its text'],
  MUTATION_RATE_LIMIT: ['RATE_LIMITED', 'too many changes in a short time; retry later'],
  BODY_TOO_LARGE: ['BAD_REQUEST', 'the request body is too large'],
  MALFORMED_JSON: ['BAD_REQUEST', 'the request body is not a JSON object or array: send {"query": "...", "variables": {...}}'],
  UNSUPPORTED_ENCODING: ['BAD_REQUEST', 'the request body\'s encoding or charset is not supported: send UTF-8 JSON'],
  TOO_MANY_OPERATIONS: ['BAD_REQUEST', 'too many operations in one batched request'],
  TOO_MANY_SUBSCRIPTIONS: ['BAD_REQUEST', 'too many subscriptions on this connection: complete one before starting another'],
} as const satisfies Record<string, readonly [string, string]>;

export type EdgeRefusalReason = keyof typeof EDGE_REFUSALS;

/** A whole GraphQL response body for a refusal made before GraphQL runs (HTTP layer). */
export function edgeRefusalResponse(reason: EdgeRefusalReason): { errors: GraphQLFormattedError[] } {
  const [code, message] = EDGE_REFUSALS[reason];
  return { errors: [{ message, extensions: { code, reason } }] };
}

/**
 * The GraphQL error of an edge refusal; `extensions` adds facts such as retryAfterSeconds. It is
 * a client error (HTTP 400 unless `extensions.http` says otherwise): thrown from a plugin hook
 * without a status, Apollo would answer 500.
 */
export function edgeRefusal(reason: EdgeRefusalReason, extensions: Record<string, unknown> = {}): GraphQLError {
  const [code, message] = EDGE_REFUSALS[reason];
  return new GraphQLError(message, { extensions: { code, reason, http: { status: 400 }, ...extensions } });
}

/** graphql-js's parser refusal past `maxTokens`; its message names the limit, ours does not. */
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more th\w+ \d+ tokens/;

/** Prisma's codes for "no connection / transaction slot in time": the gateway is overloaded. */
const OVERLOAD_CODES = new Set(['P2024', 'P2028', 'P1001', 'P1017']);

/** Statement or lock wait cut off by statement_timeout / lock_timeout; retries exhausted. */
const OVERLOAD_SQLSTATES = new Set(['57014', '55P03', '40001', '40P01']);

/** The database could not serve the request in time; the client should retry shortly. */
function isOverload(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (OVERLOAD_CODES.has(e?.code ?? '') || OVERLOAD_SQLSTATES.has(sqlState(error) ?? '')) return true;
  // pg-pool's own refusal when every connection stays busy past connectionTimeoutMillis.
  return /timeout exceeded when trying to connect/.test(e?.message ?? '');
}

/**
 * The one place where errors become GraphQL errors: domain errors keep their stable code and
 * message; anything unexpected is INTERNAL_SERVER_ERROR, and in production says nothing about
 * SQL, stack or internals.
 */
export function formatGraphQLError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const { locations, path } = formatted;
    if (original instanceof ProjectionBehindError) {
      // Retryable: the write is committed, only its projection is late; never answered from older views.
      return { message: original.message, locations, path, extensions: { code: original.code, reason: original.reason, retryAfterSeconds: 1 } };
    }
    if (original instanceof DomainError) {
      return { message: original.message, locations, path, extensions: { code: original.code, reason: original.reason } };
    }
    if (TOKEN_LIMIT_MESSAGE.test(formatted.message)) return edgeRefusalResponse('TOO_MANY_TOKENS').errors[0];
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      // Validation messages are safe to show; the http status was already applied.
      const { stacktrace, http, ...extensions } = formatted.extensions ?? {};
      return production ? { ...formatted, extensions } : { ...formatted, extensions: { ...extensions, stacktrace } };
    }
    if (isOverload(original)) {
      return { message: 'the service is overloaded; retry shortly', locations, path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    if (production) {
      return { message: 'internal server error', locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } };
  };
}
