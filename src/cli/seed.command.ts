import { readDatabaseSettings } from '../config/database-settings.js';
import { openDatabase } from '../database/database.js';
import { migrateToLatest } from '../database/migrations.js';
import { seedDatabase, seedSummary } from '../ops/seed/seed-database.js';

interface Options {
  users: number;
  seed: number;
  verify?: boolean;
  json?: boolean;
}

/** Migrates DATABASE_URL and loads a deterministic data set into it (it must have no users yet). */
export async function seedCommand(options: Options): Promise<void> {
  const settings = readDatabaseSettings();
  // COPY streams need a PostgreSQL server; the embedded database speaks no wire protocol.
  if (!settings.databaseUrl) throw new Error('hermet seed needs DATABASE_URL (a PostgreSQL server)');
  const database = await openDatabase(settings);
  try {
    await migrateToLatest(database);
  } finally {
    await database.close();
  }
  const log = options.json ? undefined : console.log;
  const report = await seedDatabase(settings.databaseUrl, { users: options.users, seed: options.seed, verify: options.verify ? 'all' : 'sample', log });
  console.log(options.json ? JSON.stringify(report) : seedSummary(report).join('\n'));
}
