import pg from 'pg';
import { copyTable } from './copy-writer.js';
import { cpuClock } from './cpu-time.js';
import { dropIndexesForBulkLoad, VIEWS } from './deferred-indexes.js';
import { readSideTables } from './read-side-rows.js';
import { SeededRandom } from './seeded-random.js';
import { viewDifferenceCounts } from './seed-verification.js';
import { buildSocialGraph } from './social-graph.js';
import { writeSideTables } from './write-side-rows.js';
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
  'contact_reverse_index', 'user_view_state', 'user_conversation_view', 'user_contact_view'] as const;

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
    const deferred = await step('drop indexes of the big tables', () => dropIndexesForBulkLoad(connections[0]));
    const graph = await step('generate the social graph', () => buildSocialGraph(options.users, options.seed));
    // The biggest tables first, so both connections finish together.
    const views = await step('arrange the view rows by shard', () => readSideTables(graph, options.seed));
    const tables = [...writeSideTables(graph, options.seed), ...views]
      .sort((a, b) => sizeRank(a.table) - sizeRank(b.table));
    await step('COPY write side, views, reverse indexes, clocks', () =>
      runOnConnections(connections, tables, async (connection, table) => void (await copyTable(connection, table))));
    await step('index every table (view partitions on both connections)', async () => {
      for (const sql of deferred.parents) await run(sql)(connections[0]);
      await runOnConnections(connections, deferred.jobs, async (c, job) => {
        for (const sql of job) await run(sql)(c);
      });
      for (const sql of deferred.attach) await run(sql)(connections[0]);
    });
    await step('identity sequences, analyze', async () => {
      for (const table of ['"user"', 'channel', 'message', 'friend_request']) {
        await connections[0].query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT COALESCE(max(id), 0) + 1 FROM ${table}), false)`);
      }
      // No VACUUM: COPY FREEZE already wrote every page all-visible (copy-writer.ts). The views
      // are analyzed partition by partition on both connections; their partitioned parents are
      // not (ANALYZE of a parent samples every partition again, and autovacuum never analyzes a
      // partitioned parent either: queries prune to a partition and plan with its statistics).
      await runOnConnections(connections, await analyzeTargets(connections[0]), (c, t) => run(`ANALYZE ${t}`)(c));
    });
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

/** A connection tuned for bulk work: no waiting for WAL flush, big sort memory. */
async function bulkConnection(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`SET synchronous_commit = off; SET maintenance_work_mem = '512MB'; SET work_mem = '256MB';
                      SET max_parallel_maintenance_workers = 0; SET statement_timeout = 0`);
  return client;
}

/** Every seeded table but the view parents, and every view partition instead. */
async function analyzeTargets(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    'SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent::regclass::text = ANY($1) ORDER BY inhrelid', [VIEWS]);
  return [...SEEDED_TABLES.filter((t) => !VIEWS.includes(t)), ...rows.map((r) => r.name)];
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
