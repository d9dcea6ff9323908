import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../../src/database/database.js';
import { migrateToLatest } from '../../src/database/migrations.js';
import { bulkConnection, recreateBenchDatabase } from '../bench-database.js';
import { copyTable } from './copy-writer.js';
import { dropIndexesForBulkLoad } from './deferred-indexes.js';
import { buildViews } from './read-side-build.js';
import { SeededRandom } from './seeded-random.js';
import { viewDifferenceCounts } from './seed-verification.js';
import { buildSocialGraph } from './social-graph.js';
import { writeSideTables } from './write-side-rows.js';
import { runOnConnections } from './work-queue.js';

/**
 * npm run bench:seed -- --users N --seed S [--database hermet_bench] [--verify sample|all]
 * A fresh, migrated database with a deterministic data set: write side, read side, reverse
 * indexes, view clocks. Prints row counts and the time of every step.
 */
export async function seed(options: { users: number; seed: number; database: string; verify: 'sample' | 'all' }): Promise<void> {
  const started = performance.now();
  const step = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const t = performance.now();
    const result = await work();
    console.log(`  ${name.padEnd(44)} ${((performance.now() - t) / 1000).toFixed(1).padStart(6)} s`);
    return result;
  };
  console.log(`seeding ${options.database}: ${options.users} users, seed ${options.seed}`);
  const url = await step('create + migrate database', async () => {
    const url = await recreateBenchDatabase(options.database);
    const database = await openDatabase({ databaseUrl: url, dataDir: '.data', databasePoolSize: 1, databaseConnectTimeoutMs: 10_000, transactionTimeoutMs: 600_000 });
    await migrateToLatest(database);
    await database.close();
    return url;
  });
  const connections = [await bulkConnection(url), await bulkConnection(url)];
  try {
    const deferred = await step('drop indexes of the big tables', () => dropIndexesForBulkLoad(connections[0]));
    const graph = await step('generate the social graph', () => buildSocialGraph(options.users, options.seed));
    const tables = writeSideTables(graph, options.seed).sort((a, b) => (a.table === 'channel_member' ? -1 : b.table === 'channel_member' ? 1 : 0));
    await step('COPY write side, reverse indexes, view clocks', () =>
      runOnConnections(connections, tables, async (connection, table) => void (await copyTable(connection, table))));
    await step('index the write side', () => runOnConnections(connections, deferred.writeSide, (c, sql) => c.query(sql).then(() => undefined)));
    await step('analyze the write side', () =>
      runOnConnections(connections, ['"user"', 'channel', 'channel_member', 'friendship', 'message', 'conversation_reverse_index', 'contact_reverse_index'], (c, t) => c.query(`ANALYZE ${t}`).then(() => undefined)));
    await step('compute the views from the write side', () => buildViews(connections, options.users));
    await step('index the views', () => runOnConnections(connections, deferred.readSide, (c, sql) => c.query(sql).then(() => undefined)));
    await step('identity sequences, analyze', async () => {
      for (const table of ['"user"', 'channel', 'message', 'friend_request']) {
        await connections[0].query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT COALESCE(max(id), 0) + 1 FROM ${table}), false)`);
      }
      await runOnConnections(connections, ['user_conversation_view', 'user_contact_view', 'user_view_state'], (c, t) => c.query(`ANALYZE ${t}`).then(() => undefined));
    });
    const loadSeconds = (performance.now() - started) / 1000;
    await printRowCounts(connections[0]);
    console.log(`loaded in ${loadSeconds.toFixed(1)} s (target for 100,000 users: < 180 s)`);
    const owners = sampleOwners(options.users, options.seed, graph.hubs);
    const differences = await step(`verify views = recomputation (${options.verify === 'all' ? 'all owners' : `${owners.length} owners`})`, () =>
      viewDifferenceCounts(connections[0], options.verify === 'all' ? 'all' : owners));
    const wrong = Object.entries(differences).filter(([, n]) => n > 0);
    if (wrong.length) throw new Error(`the read side differs from its recomputation: ${JSON.stringify(differences)}`);
    console.log('  read side equals its recomputation from the write side');
  } finally {
    await Promise.all(connections.map((c) => c.end()));
  }
}

async function printRowCounts(client: pg.Client): Promise<void> {
  const tables = ['"user"', 'channel', 'channel_member', 'friendship', 'message', 'friend_request', 'conversation_reverse_index',
    'contact_reverse_index', 'user_view_state', 'user_conversation_view', 'user_contact_view'];
  const counts = await client.query<Record<string, string>>(`SELECT ${tables.map((t, i) => `(SELECT count(*) FROM ${t}) AS c${i}`).join(', ')}`);
  tables.forEach((t, i) => console.log(`  ${t.padEnd(28)} ${Number(counts.rows[0][`c${i}`]).toLocaleString('en-US').padStart(12)} rows`));
}

/** A few hundred random owners, plus the hubs (the heaviest lists). */
function sampleOwners(users: number, seed: number, hubs: readonly number[]): number[] {
  const random = new SeededRandom(seed ^ 0x5005);
  return [...new Set([...hubs, ...Array.from({ length: 300 }, () => random.int(1, users))])];
}

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    database: { type: 'string', default: 'hermet_bench' },
    verify: { type: 'string', default: 'sample' },
  },
});
seed({ users: Number(values.users), seed: Number(values.seed), database: values.database!, verify: values.verify === 'all' ? 'all' : 'sample' })
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
