import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Prisma } from '../../src/database/generated/prisma/client.js';
import type { Transaction } from '../../src/database/transaction.js';
import { lockOwnerClocks } from '../../src/projections/view-fan-out.js';
import { updateViewRows } from '../../src/projections/view-row-update.js';
import { ViewShards } from '../../src/projections/view-shards.js';
import { SeededRandom } from '../../src/ops/seed/seeded-random.js';
import { shardOf } from '../../src/sharding/shard-router.js';
import { describeWithServices } from '../support/real-services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A large fan-out is sent as canonical statements (every shard of a fixed window of 32), prepared
 * once per connection; a small one as a statement over its own shards, unnamed. One connection
 * (pool of 1), so pg_prepared_statements shows everything the fan-outs left on it.
 */
describeWithServices(['TEST_DATABASE_URL'], 'fan-out statements prepared per connection', () => {
  let test: TestDatabase;
  const sent: string[] = [];

  beforeAll(async () => {
    test = await createTestDatabase({ databasePoolSize: 1, onQuery: (sql) => sent.push(sql) });
  }, 120_000);
  afterAll(async () => test?.drop(), 60_000);

  /** One message-like write of the conversation views of `owners`, in a transaction rolled back. */
  const fanOut = async <T>(
    owners: bigint[],
    inside: (tx: Transaction) => Promise<T> = async () => undefined as T,
    prepared = true,
  ): Promise<T> => {
    let result: T | undefined;
    await test.database.prisma
      .$transaction(async (tx) => {
        await updateViewRows({ tx, shards: ViewShards.ALL }, 'conversationView', owners,
          Prisma.sql`unread_count = v.unread_count + 1`, Prisma.sql`v.channel_id = ${42n}`, { prepared });
        result = await inside(tx);
        throw new RolledBack();
      })
      .catch((error: unknown) => { if (!(error instanceof RolledBack)) throw error; });
    return result as T;
  };
  const prepared = async () => {
    const [row] = await test.database.prisma.$queryRaw<{ statements: bigint; generic: bigint; custom: bigint }[]>`
      SELECT count(*) AS statements, coalesce(sum(generic_plans), 0)::bigint AS generic, coalesce(sum(custom_plans), 0)::bigint AS custom
      FROM pg_prepared_statements`;
    return { statements: Number(row.statements), generic: Number(row.generic), custom: Number(row.custom) };
  };
  /** The conversation-view partitions this transaction has opened (locked) so far. */
  const openedPartitions = (tx: Transaction) => tx.$queryRaw<{ relname: string }[]>`
    SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
    WHERE l.pid = pg_backend_pid() AND c.relkind = 'r' AND c.relname LIKE 'user\\_conversation\\_view\\_%'
    ORDER BY c.relname`;

  it('many fan-outs over different shard sets prepare no more than one statement per window, with generic plans', async () => {
    const random = new SeededRandom(7);
    for (let i = 0; i < 40; i++) {
      const size = 40 + Math.floor(random.next() * 460);
      await fanOut(Array.from({ length: size }, () => BigInt(1 + Math.floor(random.next() * 1_000_000))));
    }
    const after = await prepared();
    expect(after.statements).toBeGreaterThan(0);
    expect(after.statements).toBeLessThanOrEqual(8); // 256 shards / 32, this one write kind
    expect(after.custom).toBe(0);
    expect(after.generic).toBeGreaterThan(40);
    // And the setting that forced them is gone when the fan-out is over.
    const mode = await fanOut([1n, 2n], (tx) => tx.$queryRaw<{ mode: string }[]>`SELECT current_setting('plan_cache_mode') AS mode`);
    expect(mode[0].mode).toBe('auto');
  }, 120_000);

  it('a large fan-out that does not ask for prepared statements prepares none', async () => {
    const before = await prepared();
    sent.length = 0;
    await fanOut(Array.from({ length: 600 }, (_, i) => BigInt(5_000 + i)), undefined, false);
    const texts = sent.filter((sql) => sql.includes('clock_0'));
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).not.toMatch(/^\/\* prepared \*\//);
    expect(await prepared()).toMatchObject({ statements: before.statements });
  });

  it('a fan-out touching one shard opens one partition, with an unnamed statement', async () => {
    const before = await prepared();
    sent.length = 0;
    const owner = 1_000_003n;
    const opened = await fanOut([owner], openedPartitions);
    expect(opened.map((r) => r.relname)).toEqual([`user_conversation_view_${shardOf(owner)}`]);
    const fanOutStatements = sent.filter((sql) => sql.includes('clock_0'));
    expect(fanOutStatements).toHaveLength(1);
    expect(fanOutStatements[0]).not.toMatch(/^\/\* prepared \*\//);
    expect(await prepared()).toMatchObject({ statements: before.statements });
  });

  it('a window of many touched shards is sent whole: all 32 partitions, the same text whichever shards are touched', async () => {
    sent.length = 0;
    const window1 = (shards: number[]) => shards.map((shard) => BigInt(256 * 7 + shard));
    const opened = await fanOut(window1([32, 33, 35, 40, 41, 50, 60, 63]), openedPartitions);
    await fanOut(window1([34, 36, 37, 38, 39, 44, 45, 61, 62]));
    expect(opened).toHaveLength(32);
    const texts = sent.filter((sql) => sql.includes('clock_0'));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/^\/\* prepared \*\//);
    expect(texts[1]).toBe(texts[0]);
  });

  it('locking a large group\'s clocks without writing locks exactly their clock rows, with one prepared statement per window', async () => {
    const members = Array.from({ length: 500 }, (_, i) => BigInt(9_000_000 + 37 * i));
    const others = [8_999_999n, 9_100_001n];
    const before = await prepared();
    sent.length = 0;
    let locked: bigint[] = [];
    await test.database.prisma
      .$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO user_view_state (user_id) SELECT unnest(${[...members, ...others]}::bigint[])`;
        await lockOwnerClocks({ tx, shards: ViewShards.ALL }, members, { prepared: true });
        const rows = await tx.$queryRaw<{ user_id: bigint }[]>`
          SELECT user_id FROM user_view_state WHERE xmax = pg_current_xact_id()::xid ORDER BY user_id`;
        locked = rows.map((row) => row.user_id);
        throw new RolledBack();
      })
      .catch((error: unknown) => { if (!(error instanceof RolledBack)) throw error; });
    expect(locked).toEqual(members);
    const texts = sent.filter((sql) => sql.includes('clock_0'));
    expect(texts).toHaveLength(8);
    for (const text of texts) expect(text).toMatch(/^\/\* prepared \*\/[\s\S]*FOR UPDATE/);
    expect((await prepared()).statements - before.statements).toBeLessThanOrEqual(8);
  });
});

class RolledBack extends Error {}
