import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Prisma } from '../../src/database/generated/prisma/client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** Migration 004's definition, which migration 009 replaced by a faster loop. */
const MIGRATION_004 = `
  SELECT COALESCE(array_agg(DISTINCT $1::text || ':' || left(term, n)), '{}')
  FROM (SELECT replace(ltrim(t, '~'), ' ', '') AS term FROM unnest($2::text[]) AS t) AS normalized,
       generate_series(1, least(char_length(term), 32)) AS n
  WHERE term <> ''`;

const NAMES: string[][] = [
  ['zhang san', 'zs', '', '', 'user17', '张三', ''],
  ['~123 go', '~1g', 'pal 9', 'p9', 'user9', '123 go', 'pal 9'],
  ['émile', 'e', 'a very long remark that goes well past thirty-two characters', 'avlr', 'u', 'Émile', 'a very long remark'],
  ['', '', '', '', '', '', ''],
];

describe('contact search tokens (the GIN index of contact search)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('are the same set of owner-tagged prefixes as the original definition', async () => {
    for (const terms of NAMES) {
      const [current] = await db.database.prisma.$queryRaw<Array<{ tokens: string[] }>>(
        Prisma.sql`SELECT ARRAY(SELECT DISTINCT x FROM unnest(contact_search_tokens(42, ${terms}::text[])) AS x ORDER BY 1) AS tokens`);
      const [original] = await db.database.prisma.$queryRawUnsafe<Array<{ tokens: string[] }>>(
        `SELECT ARRAY(SELECT x FROM unnest((${MIGRATION_004})) AS x ORDER BY 1) AS tokens`, 42, terms);
      expect(current.tokens).toEqual(original.tokens);
    }
  });
});
