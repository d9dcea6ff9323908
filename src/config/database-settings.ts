import { join } from 'node:path';
import { positiveInteger } from './environment-values.js';

/** How to reach the primary database, for tools that need nothing else (the operator CLI). */
export interface DatabaseSettings {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly databasePoolSize: number;
  /**
   * How long an unused connection stays open. A new connection cost a command 20–45 ms more than
   * a used one at N = 100,000 (connect, then the catalog entries of every view partition it
   * touches; docs/benchmarks.md), so after a quiet spell the pool must still have warm ones.
   */
  readonly databaseIdleTimeoutMs: number;
  readonly databaseConnectTimeoutMs: number;
  readonly transactionTimeoutMs: number;
}

export const DEFAULT_DATABASE_IDLE_TIMEOUT_MS = 600_000;

export function readDatabaseSettings(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || join(process.cwd(), '.data'),
    databasePoolSize: positiveInteger(env, 'DATABASE_POOL_SIZE', 10),
    databaseIdleTimeoutMs: positiveInteger(env, 'DATABASE_IDLE_TIMEOUT_MS', DEFAULT_DATABASE_IDLE_TIMEOUT_MS),
    databaseConnectTimeoutMs: positiveInteger(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5_000),
    transactionTimeoutMs: positiveInteger(env, 'TRANSACTION_TIMEOUT_MS', 10_000),
  };
}
