import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/database/database.js';
import { migrateToLatest } from '../../src/database/migrations.js';
import { seedDatabase, seedSummary } from '../../src/ops/seed/seed-database.js';
import { recreateBenchDatabase } from '../bench-database.js';

/**
 * npm run bench:seed -- --users N --seed S [--database hermet_bench] [--verify sample|all]
 * Drops and re-creates the benchmark database, migrates it, and seeds it with the same code as
 * `hermet seed` (src/ops/seed). Prints row counts and the time of every step.
 */
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    database: { type: 'string', default: 'hermet_bench' },
    verify: { type: 'string', default: 'sample' },
  },
});

async function main(): Promise<void> {
  const started = performance.now();
  const users = Number(values.users);
  console.log(`seeding ${values.database}: ${users} users, seed ${values.seed}`);
  const url = await recreateBenchDatabase(values.database!);
  const database = await openDatabase({ databaseUrl: url, dataDir: '.data', databasePoolSize: 1, databaseConnectTimeoutMs: 10_000, transactionTimeoutMs: 600_000 });
  await migrateToLatest(database);
  await database.close();
  console.log(`  create + migrate database ${((performance.now() - started) / 1000).toFixed(1).padStart(40)} s`);
  const report = await seedDatabase(url, { users, seed: Number(values.seed), verify: values.verify === 'all' ? 'all' : 'sample', log: console.log });
  for (const line of seedSummary(report)) console.log(line);
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s including create + migrate (target for 100,000 users: < 180 s)`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
