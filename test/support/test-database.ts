import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/database/database.js';
import { projectPath } from '../../src/config/project-paths.js';
import { migrateToLatest } from '../../src/database/migrations.js';

/** A fresh, migrated database of its own for one test file. */
export interface TestDatabase {
  readonly database: Database;
  /** Its URL when it is real PostgreSQL (TEST_DATABASE_URL set); undefined when embedded. */
  readonly url: string | undefined;
  readonly dataDir: string;
  drop(): Promise<void>;
}

export const onRealPostgres = Boolean(process.env.TEST_DATABASE_URL);

export interface TestDatabaseOptions {
  readonly onQuery?: (sql: string) => void;
  readonly databasePoolSize?: number;
  readonly databaseIdleTimeoutMs?: number;
  readonly databaseConnectTimeoutMs?: number;
  readonly transactionTimeoutMs?: number;
}

/**
 * Real PostgreSQL when TEST_DATABASE_URL is set: a new database is created on that server for
 * each test file and dropped afterwards. Otherwise embedded PGlite in a temporary folder.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hermet-test-'));
  const serverUrl = process.env.TEST_DATABASE_URL;
  const url = serverUrl ? await createScratchDatabase(serverUrl) : undefined;
  const database = await openDatabase({
    databasePoolSize: options.databasePoolSize ?? 10,
    databaseIdleTimeoutMs: options.databaseIdleTimeoutMs,
    databaseConnectTimeoutMs: options.databaseConnectTimeoutMs ?? 5_000,
    transactionTimeoutMs: options.transactionTimeoutMs ?? 20_000,
    databaseUrl: url,
    dataDir,
    onQuery: options.onQuery,
  });
  await migrateToLatest(database);
  return {
    database,
    url,
    dataDir,
    drop: async () => {
      await database.close();
      if (serverUrl && url) await dropScratchDatabase(serverUrl, url);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function createScratchDatabase(serverUrl: string): Promise<string> {
  const base = new URL(serverUrl);
  // Refuse anything that does not look like a test database: these tests create and drop.
  if (!/test/i.test(base.pathname)) {
    throw new Error(`TEST_DATABASE_URL must name a test database (its name must contain "test"): ${base.pathname}`);
  }
  const name = `${base.pathname.slice(1)}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const template = await migratedTemplate(serverUrl);
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return databaseUrl(serverUrl, name);
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A database with every migration applied, named after a hash of the migrations, from which each
 * test file's database is copied: migrating 256 partitions per view table costs seconds, a
 * copy does not. Made once per set of migrations, by whichever test worker comes first.
 */
async function migratedTemplate(serverUrl: string): Promise<string> {
  const name = `${new URL(serverUrl).pathname.slice(1)}_template_${await migrationsHash()}`.toLowerCase();
  await withAdmin(serverUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock(727002)');
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return;
      await admin.query(`DROP DATABASE IF EXISTS "${name}_partial"`);
      await admin.query(`CREATE DATABASE "${name}_partial"`);
      const database = await openDatabase({ databasePoolSize: 2, databaseConnectTimeoutMs: 5_000, transactionTimeoutMs: 60_000, databaseUrl: databaseUrl(serverUrl, `${name}_partial`), dataDir: '' });
      await migrateToLatest(database);
      await database.close();
      // Renamed only once complete, so a crash midway never leaves a half-migrated template.
      await admin.query(`ALTER DATABASE "${name}_partial" RENAME TO "${name}"`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(727002)');
    }
  });
  return name;
}

async function migrationsHash(): Promise<string> {
  const directory = projectPath('prisma', 'migrations');
  const hash = createHash('sha256');
  for (const file of (await readdir(directory)).sort()) hash.update(file).update(await readFile(join(directory, file)));
  return hash.digest('hex').slice(0, 12);
}

async function dropScratchDatabase(serverUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function withAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
