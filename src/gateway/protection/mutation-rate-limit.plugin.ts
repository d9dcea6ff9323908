import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ClientEdgeRedis } from '../client-edge-redis.js';
import type { GraphQLContext } from '../graphql-context.js';
import { edgeRefusal } from '../graphql-errors.js';

/**
 * Mutations per viewer per minute, counted in Redis when instances share one (so the limit holds
 * across the fleet), in memory otherwise. Anonymous mutations (registerUser) count per address.
 */
export function mutationRateLimiter(redis: ClientEdgeRedis, mutationsPerMinute: number): RateLimiterAbstract {
  const options = { points: mutationsPerMinute, duration: 60, keyPrefix: `${redis.keyPrefix}mutations` };
  // With Redis down, counting falls back to memory instead of refusing every mutation.
  return redis.client
    ? new RateLimiterRedis({ ...options, storeClient: redis.client, insuranceLimiter: new RateLimiterMemory(options) })
    : new RateLimiterMemory(options);
}

export function mutationRateLimitPlugin(limiter: RateLimiterAbstract): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const key = contextValue.viewerId !== null ? `viewer:${contextValue.viewerId}` : `address:${contextValue.clientAddress}`;
          try {
            await limiter.consume(key);
          } catch (rejection) {
            if (!(rejection instanceof RateLimiterRes)) throw rejection;
            const retryAfterSeconds = Math.ceil(rejection.msBeforeNext / 1000);
            throw edgeRefusal('MUTATION_RATE_LIMIT', {
              retryAfterSeconds,
              http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
            });
          }
        },
      };
    },
  };
}
