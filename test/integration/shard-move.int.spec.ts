import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openDatabase, type Database } from '../../src/database/database.js';
import { checkConsistency } from '../../src/ops/consistency/consistency-check.js';
import { moveShard, type ShardMoveReport } from '../../src/ops/shard-move/move-shard.js';
import type { DatabaseProjector } from '../../src/projector/database-projector.js';
import { readProjectorSettings } from '../../src/projector/projector-settings.js';
import { shardMapProjectors } from '../../src/projector/shard-map-projectors.js';
import { openShardMap } from '../../src/sharding/open-shard-map.js';
import { ShardMap } from '../../src/sharding/shard-map.js';
import { shardOf, type ShardNumber } from '../../src/sharding/shard-router.js';
import { befriend, registerUsers, sendMessage } from '../support/factories.js';
import { projectUntilCaughtUp, SHARDS_ON_B, SHARDS_ON_PRIMARY } from '../support/projection.js';
import { describeWithServices } from '../support/real-services.js';
import { planStorm, StormWorld } from '../support/storm/storm-commands.js';
import { lostAndPhantomWrites, runStorm } from '../support/storm/storm-run.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { NO_SHARD_DIFFERENCES, shardViewDifferences } from '../support/view-consistency.js';

describeWithServices(['TEST_DATABASE_URL'], 'hermet shards move: an operator moves a shard between databases while clients write', () => {
  let databases: Record<'b' | 'c', TestDatabase>;
  let gateway: TestGateway;
  let projectors: DatabaseProjector[];
  /** The operator's process: its own connections and its own read of the shard map, as the CLI has. */
  let operator: { primary: Database; shards: ShardMap; watch: () => Promise<ShardMap> };
  let folder: string;
  let users: string[];
  let shard: ShardNumber;

  const databaseOf = (name: string) => (name === 'primary' ? gateway.database : databases[name as 'b' | 'c'].database);
  const move = (to: string) => moveShard(operator.shards, shard, to, { lockWaitMs: 5_000, timeoutMs: 60_000, batchSize: 50 });

  /** Runs `work` while every projector runs, as `hermet project` would (mutation answers of viewers off the primary wait for it). */
  async function whileProjecting<T>(work: () => Promise<T>): Promise<T> {
    const stop = new AbortController();
    const running = projectors.map((p) => p.run(stop.signal));
    try {
      return await work();
    } finally {
      stop.abort();
      await Promise.all(running);
    }
  }

  /** A storm from every user while the projectors run, with the move started once it is under way. */
  async function moveUnderLoad(to: string, seed: number): Promise<ShardMoveReport> {
    return whileProjecting(async () => {
      let report: ShardMoveReport | undefined;
      const { attempts } = await runStorm(gateway, new StormWorld(users), planStorm(seed, 240, users.length), 4, async (progress) => {
        while (progress.done < 60) await sleep(10);
        report = await move(to);
        expect(progress.over).toBe(false);
      }, seed * 1_000);
      expect(attempts.filter((a) => a.outcome === 'ok').length).toBeGreaterThan(60);
      expect(attempts.filter((a) => a.outcome === 'unknown')).toEqual([]);
      expect(await lostAndPhantomWrites(gateway, attempts)).toEqual({ lostWrites: 0, phantomWrites: 0 });
      return report!;
    });
  }

  /** The moved shard, where it now is, equals its recomputation from the write side; so does every other shard. */
  async function expectEveryShardFollowsTheWriteSide(): Promise<void> {
    for (const projector of projectors) await projectUntilCaughtUp(projector);
    const shards = gateway.app.get(ShardMap);
    const moved = await shardViewDifferences(gateway.database, shards.databaseFor(shard), [shard]);
    expect(moved).toEqual({ ...NO_SHARD_DIFFERENCES, expectedRows: expect.any(Number) });
    expect(moved.expectedRows).toBeGreaterThan(0);
    const checked = await checkConsistency(shards);
    expect(checked.differences).toEqual([]);
    expect(checked.percentConsistent).toBe(100);
  }

  /** A new user whose views the primary holds (so no answer of theirs waits for a projector). */
  async function registerUserOnThePrimary(): Promise<string> {
    for (;;) {
      const [user] = await registerUsers(gateway, 1);
      if (shardOf(BigInt(user)) % 2 === 0) return user;
    }
  }

  function expectVerified(report: ShardMoveReport, from: string, to: string): void {
    expect(report).toMatchObject({ shard, from, to, switched: true, mismatched: [] });
    expect(report.target).toEqual(report.source);
    expect(report.source.find((t) => t.table === 'user_conversation_view')!.rows).toBeGreaterThan(0);
  }

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hermet-shard-move-'));
    databases = { b: await createTestDatabase(), c: await createTestDatabase() };
    const file = join(folder, 'shards.json');
    const shardsJson = Object.fromEntries([...SHARDS_ON_B.map((s) => [`${s}`, 'b']), ...SHARDS_ON_PRIMARY.map((s) => [`${s}`, 'primary'])]);
    await writeFile(file, JSON.stringify({ databases: { b: databases.b.url, c: databases.c.url }, shards: shardsJson }));
    // This gateway re-reads the placement by itself only hourly: what it knows of a move right
    // after the switch, it learns from its commands (and projector rounds), as the design requires.
    process.env.PLACEMENT_REFRESH_MS = '3600000';
    gateway = await startTestGateway({ config: { shardMapFile: file } }).finally(() => delete process.env.PLACEMENT_REFRESH_MS);
    projectors = shardMapProjectors(gateway.app.get(ShardMap), readProjectorSettings({ PROJECTOR_BATCH_SIZE: '50', PROJECTOR_IDLE_MS: '20' }));
    users = await registerUsers(gateway, 40);
    // The shard moved: the first user's on the primary, with a few friends and conversations.
    const owner = users.find((u) => shardOf(BigInt(u)) % 2 === 0)!;
    shard = shardOf(BigInt(owner));
    await whileProjecting(async () => {
      for (const other of users.slice(0, 6)) if (other !== owner) await sendMessage(gateway, owner, await befriend(gateway, owner, other));
    });
    const settings = { ...gateway.testDatabase, databaseUrl: gateway.testDatabase.url, databasePoolSize: 4, databaseIdleTimeoutMs: 60_000, databaseConnectTimeoutMs: 5_000, transactionTimeoutMs: 60_000 };
    const primary = await openDatabase(settings);
    operator = { primary, shards: await openShardMap(file, settings, primary, 50), watch: () => openShardMap(file, settings, primary, 50) };
  }, 180_000);

  afterAll(async () => {
    await operator?.shards.close();
    await operator?.primary.close();
    await gateway?.close();
    await databases?.b.drop();
    await databases?.c.drop();
    await rm(folder, { recursive: true, force: true });
  }, 180_000);

  it('moves a shard from the primary to b under a write load: copy verified, no write lost, reads served from b', async () => {
    const report = await moveUnderLoad('b', 11);
    expectVerified(report, 'primary', 'b');
    expect(report.caughtUpEvents).toBe(0);
    await expectEveryShardFollowsTheWriteSide();

    // Reads are served from b: the primary's frozen copy is gone and the lists are still whole.
    const owner = users.find((u) => shardOf(BigInt(u)) === shard)!;
    await gateway.database.prisma.$executeRawUnsafe(`DELETE FROM user_conversation_view_${shard}`);
    const listed = await gateway.graphql<any>('{ conversations(first: 50) { edges { node { id } } } }', {}, owner);
    const [{ onB }] = await databases.b.database.prisma.$queryRaw<{ onB: bigint }[]>`SELECT count(*) AS "onB" FROM user_conversation_view WHERE user_id = ${BigInt(owner)} AND closed_at = 0 AND NOT is_hidden`;
    expect(listed.errors).toBeUndefined();
    expect(BigInt(listed.data.conversations.edges.length)).toBe(onB);
    expect(onB).toBeGreaterThan(0n);
  }, 180_000);

  it('catches a lagging source up before copying: b\'s projector is behind when the shard moves on to c', async () => {
    // A friend on the primary writes to the owner while no projector runs: b has not applied it.
    const owner = users.find((u) => shardOf(BigInt(u)) === shard)!;
    const friend = await registerUserOnThePrimary();
    const conversation = await whileProjecting(() => befriend(gateway, owner, friend));
    await sendMessage(gateway, friend, conversation, 'while b lags');
    const report = await move('c');
    expectVerified(report, 'b', 'c');
    expect(report.caughtUpEvents).toBeGreaterThan(0);
    await expectEveryShardFollowsTheWriteSide();
  }, 180_000);

  it('moves it from c back to b under a write load (between two projected databases)', async () => {
    expectVerified(await moveUnderLoad('b', 12), 'c', 'b');
    await expectEveryShardFollowsTheWriteSide();
    expect(gateway.app.get(ShardMap).databaseNameFor(shard)).toBe('b');
  }, 180_000);

  it('moves it back from b to the primary under a write load: commands write its views again, in their own transaction', async () => {
    const report = await moveUnderLoad('primary', 13);
    expectVerified(report, 'b', 'primary');
    await expectEveryShardFollowsTheWriteSide();

    // No projector runs now: a command's own transaction wrote the views.
    const owner = users.find((u) => shardOf(BigInt(u)) === shard)!;
    const conversation = await befriend(gateway, owner, await registerUserOnThePrimary());
    const [{ rows }] = await gateway.database.prisma.$queryRaw<{ rows: bigint }[]>`
      SELECT count(*) AS rows FROM user_conversation_view WHERE user_id = ${BigInt(owner)} AND channel_id = ${BigInt(conversation)}`;
    expect(rows).toBe(1n);
  }, 180_000);

  it('a command committed right after a switch writes the shard where it now is, before its gateway re-reads the placement by itself', async () => {
    const owner = users.find((u) => shardOf(BigInt(u)) === shard)!;
    const friend = await registerUserOnThePrimary();
    const conversation = await befriend(gateway, owner, friend);
    const preview = (database: Database) => database.prisma.$queryRaw<{ text: string }[]>`
      SELECT last_message_preview AS text FROM user_conversation_view WHERE user_id = ${BigInt(owner)} AND channel_id = ${BigInt(conversation)}`;

    expectVerified(await move('b'), 'primary', 'b');
    await sendMessage(gateway, friend, conversation, 'right after the switch to b');
    // The primary's copy is frozen: the command left the owner's row to b's projector.
    expect((await preview(gateway.database))[0].text).not.toBe('right after the switch to b');
    await projectUntilCaughtUp(projectors.find((p) => p.name === 'b')!);
    expect((await preview(databases.b.database))[0].text).toBe('right after the switch to b');

    expectVerified(await move('primary'), 'b', 'primary');
    await sendMessage(gateway, friend, conversation, 'right after the switch back');
    // No projector ran: the command's own transaction wrote the row on the primary.
    expect((await preview(gateway.database))[0].text).toBe('right after the switch back');
    await expectEveryShardFollowsTheWriteSide();
  }, 60_000);

  it('a process that runs no command learns a new placement by itself within its PLACEMENT_REFRESH_MS', async () => {
    const watcher = await operator.watch();
    try {
      expect(watcher.databaseNameFor(shard)).toBe('primary');
      expectVerified(await move('c'), 'primary', 'c');
      const deadline = Date.now() + 3_000;
      while (watcher.databaseNameFor(shard) !== 'c' && Date.now() < deadline) await sleep(20);
      expect(watcher.databaseNameFor(shard)).toBe('c');
      expectVerified(await move('primary'), 'c', 'primary');
    } finally {
      await watcher.close();
    }
  }, 60_000);

  it('refuses a database the shard map does not name, or the database the shard is on, writing nothing', async () => {
    const before = await operator.primary.prisma.$queryRaw`SELECT * FROM shard_placement ORDER BY shard`;
    await expect(move('nowhere')).rejects.toMatchObject({ reason: 'UNKNOWN_DATABASE' });
    await expect(move('primary')).rejects.toMatchObject({ reason: 'ALREADY_THERE' });
    expect(await operator.primary.prisma.$queryRaw`SELECT * FROM shard_placement ORDER BY shard`).toEqual(before);
  });
});
