import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { Logger } from '@nestjs/common';
import type { GatewayConfig } from '../config/gateway-config.js';
import { DEFAULT_DATABASE_IDLE_TIMEOUT_MS } from '../config/database-settings.js';
import { Prisma, PrismaClient } from './generated/prisma/client.js';
import { preparedStatementName } from './prepared-statements.js';

const logger = new Logger('Database');

/** Runs a multi-statement SQL script (migrations, demo data) outside Prisma. */
export type SqlScriptRunner = (sql: string) => Promise<{ rows: Record<string, unknown>[] }>;

/** One physical PostgreSQL database: a Prisma client for the application, a script runner for ops. */
export interface Database {
  readonly kind: 'embedded' | 'postgres';
  readonly prisma: PrismaClient;
  /**
   * Runs one read statement straight through the driver, as a named prepared statement (parsed and
   * planned once per connection). The hot list reads use it: it measured faster than Prisma's
   * `$queryRaw` (see NOTES-bench.md). int8 columns come back as bigint, as they do through Prisma.
   */
  read<T>(statement: Prisma.Sql): Promise<T[]>;
  /** Runs `work` on one dedicated session, so session state (advisory locks) holds throughout. */
  withSession<T>(work: (runScript: SqlScriptRunner) => Promise<T>): Promise<T>;
  /** Connections in use and requests waiting for one (a server's pool; zero when embedded). */
  poolUsage(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

type DatabaseSettings = Pick<
  GatewayConfig,
  'databaseUrl' | 'dataDir' | 'databasePoolSize' | 'databaseConnectTimeoutMs' | 'transactionTimeoutMs'
> & Partial<Pick<GatewayConfig, 'databaseIdleTimeoutMs'>> & {
  /** Called with every SQL statement Prisma sends (tests count them; off by default). */
  readonly onQuery?: (sql: string) => void;
};

export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  return settings.databaseUrl ? openPostgres(settings, settings.databaseUrl) : openEmbedded(settings);
}

function clientOptions(settings: DatabaseSettings) {
  return {
    // maxWait bounds how long a command queues for a connection when the pool is exhausted, so an
    // overloaded gateway fails fast instead of hanging; timeout bounds a transaction's whole life.
    transactionOptions: { maxWait: settings.databaseConnectTimeoutMs, timeout: settings.transactionTimeoutMs },
    log: settings.onQuery ? [{ emit: 'event' as const, level: 'query' as const }] : [],
  };
}

function observe(prisma: PrismaClient, settings: DatabaseSettings): PrismaClient {
  const onQuery = settings.onQuery;
  if (onQuery) (prisma as PrismaClient<'query'>).$on('query', (event) => onQuery(event.query));
  return prisma;
}

async function openPostgres(settings: DatabaseSettings, url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: settings.databasePoolSize,
    connectionTimeoutMillis: settings.databaseConnectTimeoutMs,
    idleTimeoutMillis: settings.databaseIdleTimeoutMs ?? DEFAULT_DATABASE_IDLE_TIMEOUT_MS,
    // No statement may wait (on a lock, or on a slow plan) longer than its transaction may live:
    // an overloaded or blocked database answers an error instead of holding the request forever.
    statement_timeout: settings.transactionTimeoutMs,
    lock_timeout: settings.transactionTimeoutMs,
    idle_in_transaction_session_timeout: settings.transactionTimeoutMs * 2,
    // Requests run short statements, but the planner overestimates those that span many shards'
    // partitions past jit_above_cost, and compiling them cost more than running them: the
    // nickname fan-out's reverse-index read took 213 ms with JIT (36 ms of it compiling, plus
    // the parallel workers JIT-compiling again) and 55 ms without, at N = 100,000 (EXPLAIN ANALYZE).
    options: '-c jit=off',
  });
  // An idle connection dropped by the server (restart, failover, admin kill) must not crash the
  // process: the pool replaces it on the next checkout.
  pool.on('error', (error) => logger.warn(`idle database connection lost: ${error.message}`));
  // Marked statements (the canonical fan-out windows) are prepared once per connection.
  const adapter = new PrismaPg(pool, { statementNameGenerator: (query) => preparedStatementName(query.sql) });
  const prisma = observe(new PrismaClient({ adapter, ...clientOptions(settings) }), settings);
  const statementName = statementNames();
  return {
    kind: 'postgres',
    prisma,
    read: async <T>(statement: Prisma.Sql) => {
      settings.onQuery?.(statement.text);
      const { text, values } = statement;
      return (await pool.query({ name: statementName(text), text, values, types: BIGINT_AS_BIGINT })).rows as T[];
    },
    // Its own connection, outside the pool: migrations and operator scripts may run longer than
    // any request is allowed to.
    withSession: async (work) => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: settings.databaseConnectTimeoutMs });
      // Dropped between two statements (a server restart during a sweep), the connection emits
      // an error nobody waits for; unheard, it would end the process. The next statement fails.
      client.on('error', (error) => logger.warn(`database session lost: ${error.message}`));
      await client.connect();
      try {
        return await work(async (sql) => {
          const result: pg.QueryResult | pg.QueryResult[] = await client.query(sql);
          const last = Array.isArray(result) ? result.at(-1) : result;
          return { rows: last?.rows ?? [] };
        });
      } finally {
        await client.end();
      }
    },
    poolUsage: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openEmbedded(settings: DatabaseSettings): Promise<Database> {
  const dir = join(settings.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const pglite = await PGlite.create(dir);
  const prisma = observe(new PrismaClient({ adapter: new PrismaPGlite(pglite), ...clientOptions(settings) }), settings);
  return {
    kind: 'embedded',
    prisma,
    read: async <T>(statement: Prisma.Sql) => {
      settings.onQuery?.(statement.text);
      return (await pglite.query<T>(statement.text, statement.values, { parsers: { [INT8_OID]: (text) => BigInt(text) } })).rows;
    },
    // PGlite is a single session already.
    withSession: (work) =>
      work(async (sql) => {
        const results = await pglite.exec(sql);
        return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
      }),
    poolUsage: () => ({ total: 1, idle: 0, waiting: 0 }),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

const INT8_OID = 20;
const BIGINT_AS_BIGINT = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (text: string) => BigInt(text) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * One name per distinct statement text, so each connection prepares it once. Only fixed-shape
 * statements go through read(), so the set stays small; past the cap, statements run unnamed.
 */
function statementNames(cap = 5_000): (text: string) => string | undefined {
  const names = new Map<string, string>();
  return (text) => {
    let name = names.get(text);
    if (!name && names.size < cap) names.set(text, (name = `read_${names.size}`));
    return name;
  };
}
