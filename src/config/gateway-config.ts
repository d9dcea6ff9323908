import { readClientEdgeConfig, type ClientEdgeConfig } from './client-edge-config.js';
import { ConfigurationError } from './configuration-error.js';
import { readDatabaseSettings } from './database-settings.js';
import { positiveInteger } from './environment-values.js';
import { readLiveConfig, type LiveConfig } from '../live/live-config.js';

export { ConfigurationError };

/** Everything the gateway reads from its environment, read once at start-up. */
export interface GatewayConfig {
  readonly port: number;
  /**
   * The hardened mode: masked errors, no stack traces, no introspection, no Playground. Everything
   * but an explicit development setup runs this way (see readGatewayConfig).
   */
  readonly production: boolean;
  /** A PostgreSQL server; when absent the embedded PGlite database under `dataDir` is used. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly jwtSecret: string;
  readonly databasePoolSize: number;
  readonly databaseIdleTimeoutMs: number;
  readonly databaseConnectTimeoutMs: number;
  readonly transactionTimeoutMs: number;
  /** Load the demo data set into an empty database (default: only for the embedded database). */
  readonly loadDemoData: boolean;
  /** A JSON file placing the 256 logical shards on databases (see sharding/shard-map-file.ts); none: all on the primary. */
  readonly shardMapFile: string | undefined;
  /** Projector mode: how long a read waits for the viewer's own write to be projected before PROJECTION_BEHIND. */
  readonly projectionWaitMs: number;
  readonly clientEdge: ClientEdgeConfig;
  /** The lowest level written to the JSON log (pino's levels; `silent` writes nothing). */
  readonly logLevel: LogLevel;
  /**
   * The level of the one line per answered request: failures are always logged (5xx at error,
   * refusals and requests slower than `slowRequestMs` at warn), ordinary requests at this level,
   * so by default (`debug` under LOG_LEVEL=info) they cost no log write.
   */
  readonly requestLogLevel: LogLevel;
  readonly slowRequestMs: number;
  /** Where JSON log lines go; standard output unless a test captures them. */
  readonly logDestination?: NodeJS.WritableStream;
  /** Serve the join-based design's lists too (benchmark only: `npm run bench` compares them). */
  readonly joinBaseline: boolean;
  readonly live: LiveConfig;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Only the embedded, single-developer default may fall back to a secret everyone knows. */
export const EMBEDDED_DEV_JWT_SECRET = 'hermet-embedded-dev-secret-do-not-use-in-production';

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const databaseUrl = env.DATABASE_URL || undefined;
  const production = !isDevelopment(env, databaseUrl);
  return {
    port: positiveInteger(env, 'PORT', 4000),
    production,
    ...readDatabaseSettings(env),
    jwtSecret: jwtSecret(env, databaseUrl, production),
    loadDemoData: env.DEMO_DATA ? env.DEMO_DATA === 'true' : !databaseUrl,
    shardMapFile: env.SHARD_MAP_FILE || undefined,
    projectionWaitMs: positiveInteger(env, 'PROJECTION_WAIT_MS', 2_000),
    clientEdge: readClientEdgeConfig(env, production),
    logLevel: logLevel('LOG_LEVEL', env.LOG_LEVEL, 'info'),
    requestLogLevel: logLevel('REQUEST_LOG_LEVEL', env.REQUEST_LOG_LEVEL, 'debug'),
    slowRequestMs: positiveInteger(env, 'SLOW_REQUEST_MS', 1000),
    joinBaseline: env.BENCH_JOIN_BASELINE === '1',
    live: readLiveConfig(env),
  };
}

/**
 * Safe by default: an unset NODE_ENV is production (Apollo would otherwise leak stack traces).
 * Development is asked for with NODE_ENV=development, or by the embedded single-developer
 * database (no DATABASE_URL), which `npm start` uses and which already trusts a public dev secret.
 */
function isDevelopment(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): boolean {
  if (env.NODE_ENV) return env.NODE_ENV === 'development';
  return !databaseUrl;
}

function jwtSecret(env: NodeJS.ProcessEnv, databaseUrl: string | undefined, production: boolean): string {
  if (env.JWT_SECRET) return env.JWT_SECRET;
  if (!databaseUrl && !production) return EMBEDDED_DEV_JWT_SECRET;
  throw new ConfigurationError('JWT_SECRET must be set when DATABASE_URL is set or outside development');
}

function logLevel(name: string, raw: string | undefined, fallback: LogLevel): LogLevel {
  if (!raw) return fallback;
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  throw new ConfigurationError(`${name} must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
}

