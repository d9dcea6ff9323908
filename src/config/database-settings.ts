import { join } from 'node:path';
import { positiveInteger } from './environment-values.js';

/** How to reach the primary database, for tools that need nothing else (the operator CLI). */
export interface DatabaseSettings {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly databasePoolSize: number;
  readonly databaseConnectTimeoutMs: number;
  readonly transactionTimeoutMs: number;
}

export function readDatabaseSettings(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || join(process.cwd(), '.data'),
    databasePoolSize: positiveInteger(env, 'DATABASE_POOL_SIZE', 10),
    databaseConnectTimeoutMs: positiveInteger(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5_000),
    transactionTimeoutMs: positiveInteger(env, 'TRANSACTION_TIMEOUT_MS', 10_000),
  };
}
