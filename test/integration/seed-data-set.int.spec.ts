import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { checkConsistency } from '../../src/ops/consistency/consistency-check.js';
import { SEEDED_TABLES, seedDatabase } from '../../src/ops/seed/seed-database.js';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../support/test-database.js';

// `hermet seed` streams COPY to a PostgreSQL server; the embedded database has no such protocol.
(onRealPostgres ? describe : describe.skip)('seeding a data set (hermet seed, npm run bench:seed)', () => {
  let first: TestDatabase;

  beforeAll(async () => {
    first = await createTestDatabase();
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

  it('passes the consistency check at 100 %', async () => {
    const report = await checkConsistency(first.database);
    expect(report.differences).toEqual([]);
    expect(report.rowsChecked).toBeGreaterThan(0);
    expect(report.percentConsistent).toBe(100);
  }, 300_000);

  it('refuses a database that already has users', async () => {
    await expect(seedDatabase(first.url!, { users: 10, seed: 1, verify: 'sample' })).rejects.toThrow(/already has 300 users/);
  });
});
