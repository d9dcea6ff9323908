import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeferredFanOutWorker } from '../../src/projections/deferred-fan-out/deferred-fan-out.worker.js';
import { DEFERRED_FAN_OUT_MIN_MEMBERS } from '../../src/projections/deferred-fan-out/large-group-messages.js';
import { createGroup, registerUsers, sendMessage } from '../support/factories.js';
import { drainOnAnotherInstance, firstInEachWindow, withClocksHeld } from '../support/deferred-fan-outs.js';
import { diffSnapshots, snapshotTables } from '../support/table-snapshot.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { NO_DIFFERENCES, viewDifferences } from '../support/view-consistency.js';

const MUTE = `mutation Mute($id: ID!) { muteConversation(input: { conversationId: $id }) { id } }`;
const ARCHIVE = `mutation Archive($id: ID!) { archiveConversation(input: { conversationId: $id }) { id } }`;
const MARK_READ = `mutation Read($id: ID!) { markConversationRead(input: { conversationId: $id }) { id } }`;

/**
 * A message into a group of DEFERRED_FAN_OUT_MIN_MEMBERS or more commits without the members'
 * rows; the fan-out worker brings them up to date after the commit, many messages at once.
 */
describe('messages into a large group', () => {
  let gateway: TestGateway;
  let members: string[];
  let group: string;
  let firsts: string[];
  let first: string;
  let others: string[];
  const worker = () => gateway.app.get(DeferredFanOutWorker);
  const row = async (viewer: string) => {
    const [r] = await gateway.database.prisma.$queryRaw<{ unread: number; mentions: number; archived: boolean; last: bigint }[]>`
      SELECT unread_count AS unread, mention_count AS mentions, is_archived AS archived, last_message_id AS last
      FROM user_conversation_view WHERE user_id = ${BigInt(viewer)} AND channel_id = ${BigInt(group)}`;
    return { ...r, last: String(r.last) };
  };
  const pendingFanOuts = async () => Number((await gateway.database.prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM deferred_message_fan_out`)[0].n);

  beforeAll(async () => {
    gateway = await startTestGateway();
    members = await registerUsers(gateway, DEFERRED_FAN_OUT_MIN_MEMBERS);
    group = await createGroup(gateway, members[0], members.slice(1), 'Town hall');
    firsts = firstInEachWindow(members);
    first = firsts[0];
    others = members.filter((m) => !firsts.includes(m));
  }, 120_000);
  afterAll(() => gateway.close());

  it('commit the message and its deferred fan-out, no member row; then every member sees it, unread for all but the sender', async () => {
    const sender = others[6];
    const before = await snapshotTables(gateway.database);
    const { messageId, diff } = await withClocksHeld(gateway, firsts, async () => {
      const messageId = await sendMessage(gateway, sender, group, 'Quarterly results at 3');
      return { messageId, diff: diffSnapshots(before, await snapshotTables(gateway.database)) };
    });
    expect(diff.deferred_message_fan_out.added).toEqual([expect.objectContaining({ channel_id: Number(group), message_id: Number(messageId) })]);
    expect(diff.user_conversation_view).toBeUndefined();
    expect(diff.user_view_state).toBeUndefined();

    await worker().drain();
    expect(await pendingFanOuts()).toBe(0);
    const rows = await gateway.database.prisma.$queryRaw<{ user_id: bigint; last_message_id: bigint; unread_count: number }[]>`
      SELECT user_id, last_message_id, unread_count FROM user_conversation_view WHERE channel_id = ${BigInt(group)}`;
    expect(rows).toHaveLength(DEFERRED_FAN_OUT_MIN_MEMBERS);
    for (const r of rows) {
      expect(r.last_message_id).toBe(BigInt(messageId));
      expect(r.unread_count).toBe(String(r.user_id) === sender ? 0 : 1);
    }
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });

  it('messages sent while the fan-out waits are applied together, each counted: unread, mentions, the sender\'s read mark, archive and mute', async () => {
    const [alice, bob, carol, dave] = others;
    const username = (await gateway.database.prisma.user.findUniqueOrThrow({ where: { id: BigInt(carol) } })).username;
    await worker().drain();
    const last = await withClocksHeld(gateway, firsts, async () => {
      await gateway.graphql(MUTE, { id: group }, dave);
      await gateway.graphql(ARCHIVE, { id: group }, dave);
      await sendMessage(gateway, alice, group, `@${username} can you present?`);
      await sendMessage(gateway, bob, group, 'I can help @all');
      await gateway.graphql(MARK_READ, { id: group }, dave);
      const last = await sendMessage(gateway, carol, group, 'Sure');
      expect(await pendingFanOuts()).toBe(3);
      return last;
    });
    await worker().drain();

    expect(await row(carol)).toEqual({ unread: 0, mentions: 0, archived: false, last });
    // Alice: Bob's and Carol's messages, and Bob's @all.
    expect(await row(alice)).toEqual({ unread: 2, mentions: 1, archived: false, last });
    // Dave read up to Bob's message; muted and archived, he stays archived.
    expect(await row(dave)).toEqual({ unread: 1, mentions: 0, archived: true, last });
    // Anyone else: three messages, one of them @all (unread from the first spec's message too).
    expect(await row(others[50])).toEqual({ unread: 4, mentions: 1, archived: false, last });
    expect(await row(first)).toEqual({ unread: 4, mentions: 1, archived: false, last });
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });

  it('a fan-out whose instance stopped after the commit is found and applied by another instance', async () => {
    await worker().drain();
    const stopped = worker();
    await stopped.onModuleDestroy();
    const messageId = await sendMessage(gateway, others[3], group, 'Anyone there?');
    expect(await pendingFanOuts()).toBe(1);

    await drainOnAnotherInstance(gateway);
    expect(await pendingFanOuts()).toBe(0);
    expect((await row(others[9])).last).toBe(messageId);
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });
});
