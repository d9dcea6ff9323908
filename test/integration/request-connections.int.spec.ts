import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Prisma } from '../../src/database/generated/prisma/client.js';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../support/test-database.js';

// Session settings of the server's connections; the embedded database has no JIT and no pool.
(onRealPostgres ? describe : describe.skip)('the connections requests run on', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase({ transactionTimeoutMs: 7_000 });
  });
  afterAll(() => test.drop());

  const settings = Prisma.sql`
    SELECT current_setting('jit') AS jit, current_setting('statement_timeout') AS statement_timeout,
           current_setting('lock_timeout') AS lock_timeout`;
  const expected = [{ jit: 'off', statement_timeout: '7s', lock_timeout: '7s' }];

  it('never JIT-compile a statement, and bound every wait by the transaction timeout (reads)', async () => {
    expect(await test.database.read(settings)).toEqual(expected);
  });

  it('do the same inside command transactions', async () => {
    const inside = await test.database.prisma.$transaction((tx) => tx.$queryRaw(settings));
    expect(inside).toEqual(expected);
  });

  // A new connection cost a command 20–45 ms more at N = 100,000 (docs/benchmarks.md): a quiet
  // minute must not close the pool's warm ones, while an operator's shorter timeout still applies.
  it('stay open through a quiet spell, and close once idle longer than DATABASE_IDLE_TIMEOUT_MS', async () => {
    const short = await createTestDatabase({ databaseIdleTimeoutMs: 300 });
    try {
      await Promise.all([test.database.read(settings), short.database.read(settings)]);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(test.database.poolUsage().idle).toBeGreaterThan(0);
      expect(short.database.poolUsage().total).toBe(0);
    } finally {
      await short.drop();
    }
  });
});
