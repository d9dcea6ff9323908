import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import pg from 'pg';
import type { DatabaseProjector } from '../../src/projector/database-projector.js';
import { readCheckpoint } from '../../src/projector/projection-checkpoint.js';
import { shardMapProjectors } from '../../src/projector/shard-map-projectors.js';
import { readProjectorSettings } from '../../src/projector/projector-settings.js';
import { ShardMap } from '../../src/sharding/shard-map.js';
import { befriend, createGroup, registerUsers, sendMessage } from '../support/factories.js';
import { isOnB, projectUntilCaughtUp, SHARDS_ON_B, SHARDS_ON_PRIMARY, whileProjecting, writeSplitShardMap } from '../support/projection.js';
import { describeWithServices } from '../support/real-services.js';
import { planStorm, StormWorld } from '../support/storm/storm-commands.js';
import { runStorm } from '../support/storm/storm-run.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { NO_SHARD_DIFFERENCES, shardViewDifferences } from '../support/view-consistency.js';

describeWithServices(['TEST_DATABASE_URL'], 'the projector keeps the views of shards placed on another database', () => {
  let databaseB: TestDatabase;
  let gateway: TestGateway;
  let projector: DatabaseProjector;
  let folder: string;
  let users: string[];

  const mutate = async (as: string, field: string, input: Record<string, unknown>) => {
    const response = await gateway.graphql(`mutation($input: ${inputType(field)}!) { ${field}(input: $input) { __typename } }`, { input }, as);
    expect(response.errors).toBeUndefined();
  };
  /** Both databases' views equal their recomputation from the write side, shard by shard. */
  const expectViewsFollowWriteSide = async () => {
    const onB = await shardViewDifferences(gateway.database, databaseB.database, SHARDS_ON_B);
    const onPrimary = await shardViewDifferences(gateway.database, gateway.database, SHARDS_ON_PRIMARY);
    expect(onB).toEqual({ ...NO_SHARD_DIFFERENCES, expectedRows: expect.any(Number) });
    expect(onPrimary).toEqual({ ...NO_SHARD_DIFFERENCES, expectedRows: expect.any(Number) });
    expect(onB.expectedRows).toBeGreaterThan(0);
    expect(onPrimary.expectedRows).toBeGreaterThan(0);
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hermet-projector-'));
    databaseB = await createTestDatabase();
    gateway = await startTestGateway({ config: { shardMapFile: await writeSplitShardMap(join(folder, 'split.json'), databaseB.url!) } });
    [projector] = shardMapProjectors(gateway.app.get(ShardMap), readProjectorSettings({ PROJECTOR_BATCH_SIZE: '50' }));
    users = await registerUsers(gateway, 12);
    expect(users.filter(isOnB).length).toBeGreaterThan(2);
    expect(users.filter((u) => !isOnB(u)).length).toBeGreaterThan(2);
  }, 180_000);
  afterAll(async () => {
    await gateway?.close();
    await databaseB?.drop();
    await rm(folder, { recursive: true, force: true });
  }, 60_000);

  it('writes no view of a shard placed on b in the primary: commands leave those to the projector', async () => {
    const [a, b] = [users.find(isOnB)!, users.find((u) => !isOnB(u))!];
    await befriend(gateway, a, b);
    const [{ rows }] = await gateway.database.prisma.$queryRaw<{ rows: bigint }[]>`
      SELECT count(*) AS rows FROM user_conversation_view WHERE user_id % 2 = 1`;
    expect(rows).toBe(0n);
    const [{ onB }] = await databaseB.database.prisma.$queryRaw<{ onB: bigint }[]>`
      SELECT count(*) AS "onB" FROM user_conversation_view WHERE user_id = ${BigInt(a)}`;
    expect(onB).toBe(0n);
    await projectUntilCaughtUp(projector);
    await expectViewsFollowWriteSide();
  });

  it('after commands of every kind, every database holds exactly what the write side implies', async () => {
    // Mutation answers of viewers on b wait for the projection: a projector runs meanwhile.
    const world = new StormWorld(users);
    await whileProjecting(projector, async () => {
      const { attempts } = await runStorm(gateway, world, planStorm(8, 250, users.length), 4);
      expect(attempts.filter((a) => a.outcome === 'ok').length).toBeGreaterThan(60);
      // The commands the storm does not send: stars, remarks, drafts, archive, unread marks, profiles.
      const pair = await registerUsers(gateway, 2);
      expect(pair.filter(isOnB)).toHaveLength(1);
      const f = { a: pair[0], b: pair[1], conversationId: await befriend(gateway, pair[0], pair[1]) };
      await mutate(f.a, 'starContact', { userId: f.b });
      await mutate(f.b, 'setContactRemark', { friendId: f.a, remark: 'my friend' });
      await mutate(f.a, 'saveDraft', { conversationId: f.conversationId, text: 'half a thought' });
      await mutate(f.b, 'archiveConversation', { conversationId: f.conversationId });
      await mutate(f.b, 'markConversationUnread', { conversationId: f.conversationId });
      await mutate(f.a, 'updateProfile', { nickname: 'Renamed on the primary' });
      const group = await createGroup(gateway, users[0], users.slice(1, 6), 'Split group');
      await sendMessage(gateway, users[3], group, 'hello @all');
      // Every member's row shows the sender's profile version, on whichever database.
      await mutate(users[3], 'updateProfile', { nickname: 'Renamed last sender' });
    });

    await projectUntilCaughtUp(projector);
    const [{ applied }] = await databaseB.database.prisma.$queryRaw<{ applied: bigint }[]>`SELECT count(*) AS applied FROM projection_applied_event`;
    expect(applied).toBeGreaterThan(100n);
    await expectViewsFollowWriteSide();
  });

  it('applies every event exactly once, and refuses to apply one again', async () => {
    await projectUntilCaughtUp(projector);
    const [{ outbox }] = await gateway.database.prisma.$queryRaw<{ outbox: bigint }[]>`SELECT count(*) AS outbox FROM outbox`;
    const [{ applied, distinct }] = await databaseB.database.prisma.$queryRaw<{ applied: bigint; distinct: bigint }[]>`
      SELECT count(*) AS applied, count(DISTINCT event_id) AS distinct FROM projection_applied_event`;
    expect(applied).toBe(outbox);
    expect(distinct).toBe(outbox);

    // A checkpoint set back (as a crash between two rounds can never do) meets the applied ids.
    const views = await viewTablesOnB();
    await databaseB.database.prisma.$executeRaw`UPDATE projection_checkpoint SET tx_id = 0, outbox_id = 0`;
    await expect(projector.projectOnce()).rejects.toThrow(/projection_applied_event_pkey|Unique constraint/);
    expect(await viewTablesOnB()).toEqual(views);
  });

  it('replaying the whole outbox (checkpoint and applied ids lost) changes no row and no version', async () => {
    const before = await viewTablesOnB();
    await databaseB.database.prisma.$executeRaw`DELETE FROM projection_checkpoint`;
    await databaseB.database.prisma.$executeRaw`DELETE FROM projection_applied_event`;
    expect(await projectUntilCaughtUp(projector)).toBeGreaterThan(100);
    expect(await viewTablesOnB()).toEqual(before);
  });

  it('never skips an event whose transaction commits after later ones', async () => {
    const owner = users.find(isOnB)!;
    const [membership] = await gateway.database.prisma.$queryRaw<{ channel_id: bigint }[]>`
      SELECT channel_id FROM channel_member WHERE user_id = ${BigInt(owner)} AND left_at = 0 LIMIT 1`;
    // A pin written the way the command writes it, by a transaction held open: its outbox id is taken now.
    const held = new pg.Client({ connectionString: gateway.testDatabase.url });
    await held.connect();
    try {
      await held.query('BEGIN');
      await held.query('UPDATE channel_member SET is_pinned = TRUE, pinned_at = 42 WHERE user_id = $1 AND channel_id = $2', [owner, membership.channel_id.toString()]);
      await held.query(
        `INSERT INTO outbox (aggregate, aggregate_id, type, payload, created_at) VALUES ('channel', $1, 'ConversationSettingsChanged', $2, 0)`,
        [membership.channel_id.toString(), JSON.stringify({ ownerId: owner, channelId: membership.channel_id.toString() })],
      );
      const [{ heldTx }] = (await held.query('SELECT pg_current_xact_id()::text::bigint AS "heldTx"')).rows;
      // Later transactions (higher outbox ids) commit and are projected meanwhile.
      await mutate(owner, 'updateProfile', { nickname: 'Committed first' });
      await projectUntilCaughtUp(projector);
      expect((await readCheckpoint(databaseB.database.prisma)).projectedBelow).toBeLessThanOrEqual(BigInt(heldTx));
      expect(await pinnedAt(owner, membership.channel_id)).toBe(0n);

      await held.query('COMMIT');
      await projectUntilCaughtUp(projector);
      expect(await pinnedAt(owner, membership.channel_id)).toBe(42n);
      expect((await readCheckpoint(databaseB.database.prisma)).projectedBelow).toBeGreaterThan(BigInt(heldTx));
      await expectViewsFollowWriteSide();
    } finally {
      await held.end();
    }
  });

  async function pinnedAt(owner: string, channelId: bigint): Promise<bigint> {
    const [row] = await databaseB.database.prisma.$queryRaw<{ pinned_at: bigint }[]>`
      SELECT pinned_at FROM user_conversation_view WHERE user_id = ${BigInt(owner)} AND channel_id = ${channelId}`;
    return row.pinned_at;
  }

  async function viewTablesOnB(): Promise<unknown[]> {
    return databaseB.database.prisma.$queryRaw`
      SELECT 'c' AS view, user_id, channel_id AS other, version FROM user_conversation_view
      UNION ALL SELECT 'f', user_id, friend_id, version FROM user_contact_view
      UNION ALL SELECT 's', user_id, 0, version FROM user_view_state ORDER BY 1, 2, 3`;
  }
});

function inputType(field: string): string {
  const types: Record<string, string> = { starContact: 'UserInput', setContactRemark: 'SetContactRemarkInput', saveDraft: 'SaveDraftInput', updateProfile: 'UpdateProfileInput' };
  return types[field] ?? 'ConversationInput';
}
