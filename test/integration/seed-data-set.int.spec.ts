import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { checkConsistency } from '../../src/ops/consistency/consistency-check.js';
import { SEEDED_TABLES, seedDatabase } from '../../src/ops/seed/seed-database.js';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../support/test-database.js';

// `hermet seed` streams COPY to a PostgreSQL server; the embedded database has no such protocol.
(onRealPostgres ? describe : describe.skip)('seeding a data set (hermet seed, npm run bench:seed)', () => {
  let first: TestDatabase;
  let migratedIndexes: IndexDefinition[];

  beforeAll(async () => {
    first = await createTestDatabase();
    migratedIndexes = await indexDefinitions(first.url!);
    await seedDatabase(first.url!, { users: 300, seed: 7, verify: 'sample' });
  }, 300_000);
  afterAll(async () => {
    await first?.drop();
  });

  it('loads every table of the write side, the read side and the reverse indexes', async () => {
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    for (const table of SEEDED_TABLES) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      expect({ table, empty: Number(rows[0].n) === 0 }).toEqual({ table, empty: false });
    }
    await client.end();
  });

  it('leaves every index and key exactly as the migrations made them (statistics targets too), valid: view partitions built one by one, then attached', async () => {
    const seeded = await indexDefinitions(first.url!);
    expect(seeded).toEqual(migratedIndexes);
    expect(seeded.filter((x) => !x.valid)).toEqual([]);
  });

  it('writes the views all-visible, so index-only scans need no VACUUM after the load', async () => {
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    const { rows } = await client.query<{ partition: string; pages: number; allVisible: number }>(`
      SELECT c.relname AS partition, c.relpages AS pages, c.relallvisible AS "allVisible"
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent IN ('user_conversation_view'::regclass, 'user_contact_view'::regclass) AND c.relpages > 0`);
    await client.end();
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((r) => r.allVisible < r.pages)).toEqual([]);
  });

  it('passes the consistency check at 100 %', async () => {
    const report = await checkConsistency(first.database);
    expect(report.differences).toEqual([]);
    expect(report.rowsChecked).toBeGreaterThan(0);
    expect(report.percentConsistent).toBe(100);
  }, 300_000);

  it('refuses a database that already has users', async () => {
    await expect(seedDatabase(first.url!, { users: 10, seed: 1, verify: 'sample' })).rejects.toThrow(/already has 300 users/);
  });

  it('refuses a database with rows in any table it loads, and deletes none of them', async () => {
    const other = await createTestDatabase();
    try {
      const client = new pg.Client({ connectionString: other.url });
      await client.connect();
      await client.query(`INSERT INTO friend_request (from_user_id, to_user_id, status, message, created_at, updated_at) VALUES (1, 2, 'PENDING', 'hi', 1, 1)`);
      await expect(seedDatabase(other.url!, { users: 10, seed: 1, verify: 'sample' })).rejects.toThrow(/friend_request already has rows/);
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM friend_request');
      await client.end();
      expect(Number(rows[0].n)).toBe(1);
    } finally {
      await other.drop();
    }
  });
});

interface IndexDefinition {
  readonly name: string;
  readonly definition: string;
  readonly valid: boolean;
  /** Statistics targets of its columns (-1: the default). */
  readonly statistics: number[];
}

async function indexDefinitions(url: string): Promise<IndexDefinition[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<IndexDefinition>(`
    SELECT x.indexrelid::regclass::text AS name, pg_get_indexdef(x.indexrelid) AS definition, x.indisvalid AS valid,
           (SELECT array_agg(a.attstattarget::integer ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = x.indexrelid) AS statistics
    FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' ORDER BY 1`);
  await client.end();
  return rows;
}
