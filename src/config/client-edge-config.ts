import { ConfigurationError } from './configuration-error.js';
import { flag, positiveInteger } from './environment-values.js';

export type PersistedQueryMode = 'apq' | 'safelist' | 'off';

/** How the gateway meets its clients: persisted queries, the Playground, and the protections. */
export interface ClientEdgeConfig {
  /** `apq`: any client may register operations by hash; `safelist`: only the manifest's ids run. */
  readonly persistedQueries: PersistedQueryMode;
  /** The Apollo persisted-query manifest read in safelist mode. */
  readonly persistedQueryManifest: string;
  /** Upper bound of the in-memory APQ cache (approximate bytes of stored documents). */
  readonly apqCacheMaxBytes: number;
  readonly apqTtlSeconds: number;
  /** Shared APQ cache and rate-limit counters for several gateway instances; none: in memory. */
  readonly redisUrl: string | undefined;
  readonly redisKeyPrefix: string;
  readonly playground: boolean;
  readonly introspection: boolean;
  /** Origins allowed to call from a browser (CORS); empty: no cross-origin browser access. */
  readonly corsOrigins: readonly string[];
  readonly maxBodyBytes: number;
  /** Operations one batched HTTP request may carry; 1 turns batching off. */
  readonly maxBatchOperations: number;
  /** Mutations one viewer (or one anonymous address) may run per minute. */
  readonly mutationsPerMinute: number;
}

/**
 * `production` is the hardened mode (see readGatewayConfig): it turns the Playground and
 * introspection off unless PLAYGROUND=true asks for them (a Playground without docs is useless).
 */
export function readClientEdgeConfig(env: NodeJS.ProcessEnv, production: boolean): ClientEdgeConfig {
  const playground = flag(env, 'PLAYGROUND', !production);
  return {
    persistedQueries: persistedQueryMode(env.PERSISTED_QUERIES),
    persistedQueryManifest: env.PERSISTED_QUERY_MANIFEST || 'operations/persisted-query-manifest.json',
    apqCacheMaxBytes: positiveInteger(env, 'APQ_CACHE_MAX_BYTES', 10 * 1024 * 1024),
    apqTtlSeconds: positiveInteger(env, 'APQ_TTL_SECONDS', 24 * 60 * 60),
    redisUrl: env.REDIS_URL || undefined,
    redisKeyPrefix: env.REDIS_KEY_PREFIX || 'hermet:',
    playground,
    introspection: flag(env, 'INTROSPECTION', !production || playground),
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    maxBodyBytes: positiveInteger(env, 'MAX_BODY_BYTES', 100 * 1024),
    maxBatchOperations: positiveInteger(env, 'MAX_BATCH_OPERATIONS', 10),
    mutationsPerMinute: positiveInteger(env, 'MUTATIONS_PER_MINUTE', 120),
  };
}

function persistedQueryMode(raw: string | undefined): PersistedQueryMode {
  if (raw === undefined || raw === '') return 'apq';
  if (raw === 'apq' || raw === 'safelist' || raw === 'off') return raw;
  throw new ConfigurationError(`PERSISTED_QUERIES must be apq, safelist or off, got "${raw}"`);
}


