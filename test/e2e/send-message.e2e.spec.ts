import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PREVIEW_CHARACTERS } from '../../src/write/send-message/message-preview.js';
import { befriend, createGroup, registerUser, registerUsers, sendMessage } from '../support/factories.js';
import { diffSnapshots, snapshotTables } from '../support/table-snapshot.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const LIST = `{ conversations { edges { node { id title unreadCount lastMessage { id preview sender { id } } } } } }`;

describe('sending a message', () => {
  let gateway: TestGateway;
  let alice: string;
  let bob: string;
  let direct: string;
  let statements: string[] = [];

  beforeAll(async () => {
    gateway = await startTestGateway({ onQuery: (sql) => statements.push(sql) });
    alice = await registerUser(gateway, 'Alice');
    bob = await registerUser(gateway, 'Bob');
    direct = await befriend(gateway, alice, bob);
  });
  afterAll(() => gateway.close());

  it('into a direct chat: both rows show it, only the recipient gets an unread', async () => {
    const before = await snapshotTables(gateway.database);
    const messageId = await sendMessage(gateway, alice, direct, 'Lunch at noon?');
    const diff = diffSnapshots(before, await snapshotTables(gateway.database));
    expect(Object.keys(diff).sort()).toEqual(['channel', 'channel_member', 'message', 'outbox', 'user_conversation_view', 'user_view_state'].sort());
    expect(diff.channel_member.added).toEqual([expect.objectContaining({ user_id: Number(alice), last_read_message_id: Number(messageId) })]);
    expect(diff.message.added).toEqual([expect.objectContaining({ id: Number(messageId), channel_id: Number(direct), sender_id: Number(alice), body: 'Lunch at noon?' })]);
    expect(diff.channel.added).toEqual([expect.objectContaining({ last_message_id: Number(messageId), last_message_preview: 'Lunch at noon?', last_message_sender_id: Number(alice) })]);
    expect(diff.outbox.added).toEqual([expect.objectContaining({ type: 'MessageSent', aggregate: 'channel', aggregate_id: Number(direct) })]);

    const asBob = await gateway.graphql(LIST, {}, bob);
    expect(asBob.data.conversations.edges[0].node).toEqual({
      id: direct,
      title: 'Alice',
      unreadCount: 1,
      lastMessage: { id: messageId, preview: 'Lunch at noon?', sender: { id: alice } },
    });
    const asAlice = await gateway.graphql(LIST, {}, alice);
    expect(asAlice.data.conversations.edges[0].node.unreadCount).toBe(0);
  });

  it('cuts the preview to a fixed length on one line, without splitting a character', async () => {
    const body = `Line one\n\nline two ${'🙂'.repeat(200)}`;
    await sendMessage(gateway, bob, direct, body);
    const asAlice = await gateway.graphql(LIST, {}, alice);
    const preview: string = asAlice.data.conversations.edges[0].node.lastMessage.preview;
    expect([...preview]).toHaveLength(PREVIEW_CHARACTERS);
    expect(preview.startsWith('Line one line two 🙂')).toBe(true);
    expect(preview.endsWith('…')).toBe(true);
    expect(preview).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('brings a hidden conversation back into the list', async () => {
    await gateway.database.prisma.$executeRawUnsafe(
      `UPDATE user_conversation_view SET is_hidden = TRUE WHERE user_id = ${bob} AND channel_id = ${direct}`,
    );
    expect((await gateway.graphql(LIST, {}, bob)).data.conversations.edges).toEqual([]);
    await sendMessage(gateway, alice, direct, 'ping');
    const edges = (await gateway.graphql(LIST, {}, bob)).data.conversations.edges;
    expect(edges.map((edge: any) => edge.node.id)).toEqual([direct]);
  });

  it('into a group: every member\'s row on every shard, one unread for all but the sender', async () => {
    const members = await registerUsers(gateway, 12);
    const group = await createGroup(gateway, alice, members, 'Book club');
    const before = await snapshotTables(gateway.database);
    const messageId = await sendMessage(gateway, members[4], group, 'Chapter 3 tonight');
    const diff = diffSnapshots(before, await snapshotTables(gateway.database));
    const rows = diff.user_conversation_view.added as any[];
    expect(rows.map((row) => String(row.user_id)).sort()).toEqual([alice, ...members].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ channel_id: Number(group), last_message_id: Number(messageId), last_message_sender_id: Number(members[4]) });
      expect(row.unread_count).toBe(String(row.user_id) === members[4] ? 0 : 1);
    }
  });

  // Every statement is a round trip made while the channel row is locked, which serializes the
  // sends into one channel: the sender's checks are one read, the write side one statement.
  it('takes one statement for the sender\'s checks and one for the message, the channel and the members', async () => {
    statements = [];
    await sendMessage(gateway, bob, direct, 'See you there');
    const transaction = statements.slice(0, statements.findIndex((sql) => sql.includes('COMMIT')));
    const reads = transaction.filter((sql) => /FROM channel_member/.test(sql) && !/UPDATE|INSERT/.test(sql));
    const writes = transaction.filter((sql) => /INSERT INTO message\b|UPDATE channel\b|UPDATE channel_member\b/.test(sql));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatch(/user_block/);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/INSERT INTO message[\s\S]*UPDATE channel SET[\s\S]*UPDATE channel_member SET/);
  });
});
