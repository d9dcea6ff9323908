import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { QueryBus } from '@nestjs/cqrs';
import type { IncomingMessage } from 'node:http';
import type { GatewayConfig } from '../config/gateway-config.js';
import { projectPath } from '../config/project-paths.js';
import { DomainError } from '../errors/domain-error.js';
import { graphqlMetricsPlugin } from '../observability/graphql-metrics.plugin.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { requestIdOf } from '../observability/request-context.js';
import type { ViewerTokens } from '../identity/viewer-tokens.js';
import type { ClientEdgeRedis } from './client-edge-redis.js';
import type { GraphQLContext } from './graphql-context.js';
import { formatGraphQLError } from './graphql-errors.js';
import { liveConnections } from './live-connections/live-connections.js';
import { LiveSchema } from './live-connections/live-operation.js';
import { apqCache } from './persisted-queries/apq-cache.js';
import { readManifest } from './persisted-queries/persisted-query-manifest.js';
import type { PersistedQueryStore } from './persisted-queries/persisted-query-store.js';
import { SafelistCache, safelistPlugin } from './persisted-queries/safelist.js';
import { playgroundPlugin } from './playground/playground.plugin.js';
import { connectionCostPlugin } from './protection/connection-cost.plugin.js';
import { mutationRateLimitPlugin, mutationRateLimiter } from './protection/mutation-rate-limit.plugin.js';
import { QUERY_LIMITS, queryLimits } from './protection/query-limits.js';
import { requestIdPlugin } from './protection/request-id.plugin.js';
import { viewVersionPlugin } from './read-your-writes/view-version.plugin.js';
import { createRequestLoaders } from './request-loaders.js';
import { rowFieldResolvers } from './resolvers/row-field.resolvers.js';

export const GRAPHQL_PATH = '/graphql';

/** The Apollo server of the gateway: schema, context, persisted queries, Playground, protections. */
export function apolloOptions(
  config: GatewayConfig,
  tokens: ViewerTokens,
  queryBus: QueryBus,
  redis: ClientEdgeRedis,
  metrics: GatewayMetrics,
): ApolloDriverConfig {
  const edge = config.clientEdge;
  const limits = queryLimits({ production: config.production });
  const persistedQueries = persistedQueryStore(config, redis);
  // graphql-ws runs operations outside Apollo: it needs the schema Nest builds from typePaths.
  const liveSchema = new LiveSchema();
  return {
    typePaths: [projectPath('schema.graphql')],
    resolvers: rowFieldResolvers,
    path: GRAPHQL_PATH,
    transformSchema: (schema) => liveSchema.set(schema),
    subscriptions: liveConnections({ config, tokens, queryBus, metrics, schema: liveSchema, persistedQueries, validationRules: limits.validationRules }),
    // Nest's own GraphiQL loads from a CDN; ours (playgroundPlugin) is served by the gateway.
    graphiql: false,
    introspection: edge.introspection,
    includeStacktraceInErrorResponses: !config.production,
    formatError: formatGraphQLError(config.production),
    csrfPrevention: true,
    allowBatchedHttpRequests: edge.maxBatchOperations > 1,
    persistedQueries: apolloPersistedQueries(persistedQueries),
    validationRules: limits.validationRules,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    // Apollo's default indents every answer by two spaces a level: a list page's JSON then carries
    // more whitespace than names, which every client downloads and parses. Compact, as any
    // GraphQL client reads it (the Playground formats what it shows).
    stringifyResult: (result) => JSON.stringify(result),
    plugins: [
      // Its willResolveField hook wraps every field of every response in a timer; nothing here sets cache hints.
      ApolloServerPluginCacheControlDisabled(),
      graphqlMetricsPlugin(metrics),
      ...limits.plugins,
      connectionCostPlugin(),
      ...(edge.persistedQueries === 'safelist' ? [safelistPlugin()] : []),
      mutationRateLimitPlugin(mutationRateLimiter(redis, edge.mutationsPerMinute)),
      requestIdPlugin(),
      viewVersionPlugin(queryBus),
      ...(edge.playground ? [playgroundPlugin(GRAPHQL_PATH)] : []),
    ],
    context: async ({ req }: { req: IncomingMessage }): Promise<GraphQLContext> => ({
      ...(await authenticate(tokens, req.headers.authorization)),
      loaders: createRequestLoaders(queryBus),
      requestId: requestIdOf(req),
      clientAddress: req.socket.remoteAddress ?? 'unknown',
    }),
  };
}

/** APQ registers anything a client sends, so the safelist mode swaps its cache for the manifest. */
function persistedQueryStore(config: GatewayConfig, redis: ClientEdgeRedis): PersistedQueryStore {
  const edge = config.clientEdge;
  switch (edge.persistedQueries) {
    case 'off':
      return { mode: 'off' };
    case 'safelist':
      return { mode: 'safelist', cache: new SafelistCache(readManifest(projectPath(edge.persistedQueryManifest))) };
    case 'apq':
      return { mode: 'apq', cache: apqCache(redis, edge.apqCacheMaxBytes), ttl: edge.apqTtlSeconds };
  }
}

function apolloPersistedQueries(store: PersistedQueryStore): ApolloDriverConfig['persistedQueries'] {
  if (store.mode === 'off') return false;
  return { cache: store.cache, ttl: store.mode === 'apq' ? store.ttl : undefined };
}

async function authenticate(tokens: ViewerTokens, header: string | undefined) {
  if (!header) return { viewerId: null, authenticationError: null };
  try {
    return { viewerId: await tokens.viewerOfAuthorization(header), authenticationError: null };
  } catch (error) {
    if (error instanceof DomainError) return { viewerId: null, authenticationError: error };
    throw error;
  }
}
