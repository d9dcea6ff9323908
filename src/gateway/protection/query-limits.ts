import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import type { ValidationRule } from 'graphql';
import { edgeRefusal, type EdgeRefusalReason } from '../graphql-errors.js';

/**
 * Shape limits checked before execution. The deepest screen (conversation → last message →
 * sender → nickname inside a connection) is 6 levels; the rest leave room for honest clients.
 */
export const QUERY_LIMITS = {
  maxDepth: 8,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 3_000,
} as const;

/**
 * graphql-armor's rules, reporting our own refusals (clear reason, limit not echoed). The token
 * limit is graphql-js's own parser option (see apollo-options.ts): armor's version re-parses in
 * a plugin hook, where a plain syntax error became a 500.
 */
export function queryLimits(options: { production: boolean }): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, flattenFragments: false, ...rejectAs('QUERY_TOO_DEEP') },
    maxAliases: { n: QUERY_LIMITS.maxAliases, ...rejectAs('TOO_MANY_ALIASES') },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, ...rejectAs('TOO_MANY_DIRECTIVES') },
    maxTokens: { enabled: false },
    // Our connection-cost plugin replaces armor's: it also counts `first` given by variables or defaults.
    costLimit: { enabled: false },
    // "Did you mean …?" would map the schema for someone who may not introspect it.
    blockFieldSuggestion: { enabled: options.production, mask: '' },
  });
  const { plugins, validationRules } = armor.protect();
  // armor is typed against Apollo's CommonJS build; the plugins are plain objects either way.
  return { plugins: plugins as unknown as ApolloServerPlugin[], validationRules };
}

function rejectAs(reason: EdgeRefusalReason) {
  const report: GraphQLArmorRejectCallback = (context) => context?.reportError(edgeRefusal(reason));
  return { exposeLimits: false, propagateOnRejection: false, onReject: [report] };
}
