import { ErrorsAreMissesCache, InMemoryLRUCache, PrefixingKeyValueCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { ClientEdgeRedis } from '../client-edge-redis.js';
import { RedisKeyValueCache } from './redis-key-value-cache.js';
import { schemaVersion } from './schema-version.js';

/**
 * Where APQ documents live: Redis when configured (an outage is a cache miss, so clients just
 * send the text again), otherwise a size-bounded LRU in memory. Keys carry the schema version.
 */
export function apqCache(redis: ClientEdgeRedis, maxBytes: number): KeyValueCache<string> {
  const store: KeyValueCache<string> = redis.client
    ? new ErrorsAreMissesCache(new RedisKeyValueCache(redis.client))
    : new InMemoryLRUCache<string>({ maxSize: maxBytes, sizeCalculation: (document) => Buffer.byteLength(document) });
  return new PrefixingKeyValueCache(store, `${redis.keyPrefix}${schemaVersion()}:`);
}
