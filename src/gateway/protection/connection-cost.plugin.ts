import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  isCompositeType,
  Kind,
  valueFromAST,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLNamedType,
  type GraphQLSchema,
  type DocumentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { edgeRefusal } from '../graphql-errors.js';

/**
 * The most one operation may cost: a full page of 100 conversations with every field and 10
 * members each stays under it; 100 conversations × 100 members does not.
 */
export const MAX_QUERY_COST = 10_000;

/**
 * Rejects operations that would read too much. Every field costs 1; a field with a `first`
 * argument multiplies what is under it by `first` — whether written inline, passed as a
 * variable or left to the schema default — so `conversations(first: $n) { members(first: $m) }`
 * costs what it will really read. Runs once the operation and its variables are known.
 */
export function connectionCostPlugin(maxCost = MAX_QUERY_COST): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request }) {
          if (operation) refuseCostlyOperation({ schema, document, operation, variables: request.variables ?? {} }, maxCost);
        },
      };
    },
  };
}

/** One operation to be priced: its document (for fragments) and the variables it runs with. */
export interface PricedOperation {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly variables: Record<string, unknown>;
}

/** Throws QUERY_TOO_COSTLY when the operation would cost more than `maxCost` (queries, mutations, subscriptions). */
export function refuseCostlyOperation({ schema, document, operation, variables }: PricedOperation, maxCost = MAX_QUERY_COST): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root = schema.getRootType(operation.operation);
  if (!root) return;
  if (costOf(operation.selectionSet, root, { schema, fragments, variables, maxCost }, 0) > maxCost) throw edgeRefusal('QUERY_TOO_COSTLY');
}

interface Walk {
  readonly schema: GraphQLSchema;
  readonly fragments: Map<string, FragmentDefinitionNode>;
  readonly variables: Record<string, unknown>;
  readonly maxCost: number;
}

function costOf(selectionSet: SelectionSetNode, type: GraphQLNamedType, walk: Walk, depth: number): number {
  // Validation has already refused fragment cycles; the depth guard only bounds the work.
  if (depth > 50) return walk.maxCost + 1;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      cost += 1;
      if (!selection.selectionSet || !('getFields' in type)) continue;
      const field = type.getFields()[selection.name.value];
      if (!field || !('args' in field)) continue;
      const childType = getNamedType(field.type);
      if (!isCompositeType(childType)) continue;
      const first = firstArgument(field.args, selection.arguments ?? [], walk.variables);
      cost += first * costOf(selection.selectionSet, childType, walk, depth + 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : type;
      cost += costOf(selection.selectionSet, condition ?? type, walk, depth + 1);
    } else {
      const fragment = walk.fragments.get(selection.name.value);
      const condition = fragment && walk.schema.getType(fragment.typeCondition.name.value);
      if (fragment && condition) cost += costOf(fragment.selectionSet, condition, walk, depth + 1);
    }
    if (cost > walk.maxCost) return cost;
  }
  return cost;
}

/** How many items a `first` argument will fetch (1 for a field without one). */
function firstArgument(args: readonly GraphQLArgument[], given: readonly { name: { value: string }; value: any }[], variables: Record<string, unknown>): number {
  const definition = args.find((arg) => arg.name === 'first');
  if (!definition) return 1;
  const node = given.find((arg) => arg.name.value === 'first');
  const value = (node ? valueFromAST(node.value, definition.type, variables) : undefined) ?? definition.defaultValue;
  return typeof value === 'number' && Number.isFinite(value) && value > 1 ? value : 1;
}
