import pg from 'pg';
import { LOGICAL_SHARD_COUNT } from '../../sharding/shard-router.js';
import { copyTable } from './copy-writer.js';
import { cpuClock } from './cpu-time.js';
import { dropIndexesForBulkLoad } from './deferred-indexes.js';
import { readSideTables } from './read-side-rows.js';
import { SeededRandom } from './seeded-random.js';
import { viewDifferenceCounts } from './seed-verification.js';
import { buildSocialGraph } from './social-graph.js';
import { writeSideTables, type CopyTable } from './write-side-rows.js';
import { runOnConnections } from './work-queue.js';

export interface SeedOptions {
  readonly users: number;
  readonly seed: number;
  /** Prove the read side equals its recomputation for a sample of owners (and the hubs), or for all. */
  readonly verify: 'sample' | 'all';
  readonly log?: (line: string) => void;
}

export interface SeedReport {
  readonly rowCounts: Record<string, number>;
  /** Load time, without the verification. */
  readonly seconds: number;
}

/** The tables with most rows, biggest first (the COPY order); the view shards (many small jobs) fill in last. */
const BIGGEST = ['channel_member', 'friendship', 'conversation_reverse_index', 'contact_reverse_index', 'message', 'channel'];

function sizeRank(table: string): number {
  const rank = BIGGEST.indexOf(table);
  return rank < 0 ? BIGGEST.length : rank;
}

export const SEEDED_TABLES = ['"user"', 'channel', 'channel_member', 'friendship', 'message', 'friend_request', 'conversation_reverse_index',
  'contact_reverse_index', 'user_view_state', 'user_conversation_view', 'user_contact_view', 'user_conversation_totals'] as const;

/**
 * Loads a deterministic data set into a migrated, empty PostgreSQL database (COPY, not row-by-row
 * inserts, into tables whose indexes are built afterwards): the write side, the views, reverse
 * indexes and view clocks, all streamed from one social graph. The same users + seed give the
 * same rows; the views are then checked against the consistency check's recomputation.
 */
export async function seedDatabase(url: string, options: SeedOptions): Promise<SeedReport> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const connections = [await bulkConnection(url), await bulkConnection(url)];
  const clock = await cpuClock(connections);
  const step = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const [t, cpu] = [performance.now(), clock.read()];
    const result = await work();
    const used = clock.read();
    const postgres = used.postgres === null ? '' : `, PostgreSQL ${(used.postgres - cpu.postgres!).toFixed(1)} s`;
    log(`  ${name.padEnd(48)} ${((performance.now() - t) / 1000).toFixed(1).padStart(6)} s  (CPU: seed ${(used.node - cpu.node).toFixed(1)} s${postgres})`);
    return result;
  };
  const run = (sql: string) => (c: pg.Client) => c.query(sql).then(() => undefined);
  try {
    const { rows } = await connections[0].query<{ n: string }>('SELECT count(*) AS n FROM "user"');
    if (Number(rows[0].n) > 0) throw new Error(`the database already has ${rows[0].n} users: seed only an empty one`);
    // COPY FREEZE truncates each table it loads: refuse rather than delete anything.
    for (const table of SEEDED_TABLES) {
      const { rows: found } = await connections[0].query(`SELECT 1 FROM ${table} LIMIT 1`);
      if (found.length) throw new Error(`${table} already has rows: seed only an empty database`);
    }
    const deferred = await step('drop indexes of the big tables', () => dropIndexesForBulkLoad(connections[0]));
    const graph = await step('generate the social graph', () => buildSocialGraph(options.users, options.seed));
    const views = await step('arrange the view rows by shard', () => readSideTables(graph, options.seed));
    // The biggest tables first, so both connections finish together.
    const tables = [...writeSideTables(graph, options.seed), ...views].sort((a, b) => sizeRank(a.table) - sizeRank(b.table));
    const loaded = new Set(tables.map((t) => t.table.replaceAll('"', '')));
    const unloaded = [...deferred.byTable.keys()].filter((t) => !loaded.has(t));
    if (unloaded.length) throw new Error(`indexes of tables the seed does not load would not be re-created: ${unloaded.join(', ')}`);
    const busy = { copy: 0, index: 0, analyze: 0 };
    const timed = async (kind: keyof typeof busy, work: Promise<unknown>) => {
      const t = performance.now();
      await work;
      busy[kind] += (performance.now() - t) / 1000;
    };
    await step('COPY, index and analyze each table', async () => {
      for (const sql of deferred.parents) await run(sql)(connections[0]);
      // A table's indexes are built (PostgreSQL's CPU) as soon as it is loaded, while the other
      // connection's COPY keeps this process generating rows (its CPU): neither waits for the other.
      await runOnConnections(connections, tables, async (c, table) => {
        await timed('copy', copyTable(c, table));
        for (const sql of deferred.byTable.get(table.table.replaceAll('"', '')) ?? []) await timed('index', run(sql)(c));
        // No VACUUM: COPY FREEZE already wrote every page all-visible (copy-writer.ts).
        await timed('analyze', run(analyzeStatement(table))(c));
      });
      for (const sql of deferred.attach) await run(sql)(connections[0]);
      for (const table of ['"user"', 'channel', 'message', 'friend_request']) {
        await connections[0].query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT COALESCE(max(id), 0) + 1 FROM ${table}), false)`);
      }
    });
    await step('count the conversation lists\' badge totals', () =>
      runOnConnections(connections, shardNumbers(), (c, shard) => run(COUNT_TOTALS(shard))(c)));
    // The views' partitioned parents are not analyzed: ANALYZE of a parent samples every partition
    // again, and autovacuum never analyzes one either; queries prune to a partition and plan with its statistics.
    log(`    of which, summed over both connections: COPY ${busy.copy.toFixed(1)} s, indexes ${busy.index.toFixed(1)} s, ANALYZE ${busy.analyze.toFixed(1)} s`);
    const seconds = (performance.now() - started) / 1000;
    const rowCounts = await countRows(connections[0]);
    const owners = sampleOwners(options.users, options.seed, graph.hubs);
    const differences = await step(`verify views = recomputation (${options.verify === 'all' ? 'all owners' : `${owners.length} owners`})`, () =>
      viewDifferenceCounts(connections[0], options.verify === 'all' ? 'all' : owners));
    const wrong = Object.entries(differences).filter(([, n]) => n > 0);
    if (wrong.length) throw new Error(`the read side differs from its recomputation: ${JSON.stringify(differences)}`);
    return { rowCounts, seconds };
  } finally {
    await Promise.all(connections.map((c) => c.end()));
  }
}

function analyzeStatement(table: CopyTable): string {
  if (!table.statisticsTarget) return `ANALYZE ${table.table}`;
  return `SET default_statistics_target = ${table.statisticsTarget}; ANALYZE ${table.table}; RESET default_statistics_target`;
}

/**
 * The badge totals of one shard's owners, from the recount (migration 015): the seed loads the
 * views with the trigger that keeps them off (bulkConnection), then counts each shard once.
 */
const COUNT_TOTALS = (shard: number) =>
  `INSERT INTO user_conversation_totals SELECT * FROM user_conversation_totals_recounted WHERE user_id % ${LOGICAL_SHARD_COUNT} = ${shard}`;

const shardNumbers = () => Array.from({ length: LOGICAL_SHARD_COUNT }, (_, shard) => shard);

/**
 * A connection tuned for bulk work: no waiting for WAL flush, big sort memory, and no triggers
 * (session_replication_role = replica, as pg_restore --disable-triggers: it needs a superuser or
 * the SET privilege on that parameter): the badge totals trigger would cost a call per view row.
 */
async function bulkConnection(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`SET synchronous_commit = off; SET maintenance_work_mem = '512MB'; SET work_mem = '256MB';
                      SET max_parallel_maintenance_workers = 0; SET statement_timeout = 0;
                      SET session_replication_role = replica`);
  return client;
}

async function countRows(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query<Record<string, string>>(`SELECT ${SEEDED_TABLES.map((t, i) => `(SELECT count(*) FROM ${t}) AS c${i}`).join(', ')}`);
  return Object.fromEntries(SEEDED_TABLES.map((t, i) => [t.replaceAll('"', ''), Number(rows[0][`c${i}`])]));
}

/** Fifty random owners, plus the hubs (the heaviest lists): the full check is `hermet check-consistency`. */
function sampleOwners(users: number, seed: number, hubs: readonly number[]): number[] {
  const random = new SeededRandom(seed ^ 0x5005);
  return [...new Set([...hubs, ...Array.from({ length: 50 }, () => random.int(1, users))])];
}

/** Row counts and load time, as `hermet seed` and `npm run bench:seed` print them. */
export function seedSummary(report: SeedReport): string[] {
  return [
    ...Object.entries(report.rowCounts).map(([t, n]) => `  ${t.padEnd(28)} ${n.toLocaleString('en-US').padStart(12)} rows`),
    `loaded in ${report.seconds.toFixed(1)} s`,
  ];
}
