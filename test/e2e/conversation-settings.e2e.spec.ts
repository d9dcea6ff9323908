import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { befriend, createGroup, registerUser, sendMessage } from '../support/factories.js';
import { diffSnapshots, snapshotTables } from '../support/table-snapshot.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { NO_DIFFERENCES, viewDifferences } from '../support/view-consistency.js';

const SETTING = (name: string) => `mutation($input: ConversationInput!) {
  ${name}(input: $input) { id isPinned isMuted isHidden closedAt unreadCount version }
}`;
const LIST = '{ conversations { edges { node { id } } } }';

describe('my settings for one conversation', () => {
  let gateway: TestGateway;
  let me: string;
  let friend: string;
  let chat: string;
  let group: string;

  beforeAll(async () => {
    gateway = await startTestGateway();
    me = await registerUser(gateway, 'Me');
    friend = await registerUser(gateway, 'Friend');
    chat = await befriend(gateway, me, friend);
    group = await createGroup(gateway, friend, [me], 'Group');
    await sendMessage(gateway, friend, chat, 'one');
    await sendMessage(gateway, friend, group, 'two');
  });
  afterAll(() => gateway.close());

  const listIds = async () => (await gateway.graphql(LIST, {}, me)).data.conversations.edges.map((e: any) => e.node.id);

  async function change(name: string, conversationId = chat) {
    const before = await snapshotTables(gateway.database);
    const response = await gateway.graphql(SETTING(name), { input: { conversationId } }, me);
    expect(response.errors).toBeUndefined();
    return { row: response.data[name], diff: diffSnapshots(before, await snapshotTables(gateway.database)) };
  }

  it.each([
    ['pinConversation', { isPinned: true }],
    ['muteConversation', { isMuted: true }],
    ['unmuteConversation', { isMuted: false }],
    ['unpinConversation', { isPinned: false }],
  ])('%s changes only my own row and my membership', async (name, expected) => {
    const { row, diff } = await change(name);
    expect(row).toMatchObject({ id: chat, ...expected });
    expect(Object.keys(diff).sort()).toEqual(['channel_member', 'outbox', 'user_conversation_view', 'user_view_state']);
    for (const table of ['channel_member', 'user_conversation_view', 'user_view_state'] as const) {
      expect((diff[table].added as any[]).map((r) => r.user_id)).toEqual([Number(me)]);
    }
    expect(diff.outbox.added).toEqual([expect.objectContaining({ type: 'ConversationSettingsChanged' })]);
  });

  it('pinning a pinned conversation writes nothing', async () => {
    await change('pinConversation');
    const { row, diff } = await change('pinConversation');
    expect(row.isPinned).toBe(true);
    expect(diff).toEqual({});
    await change('unpinConversation');
  });

  it('pinned conversations come first', async () => {
    await change('pinConversation', chat);
    expect(await listIds()).toEqual([chat, group]);
    await change('unpinConversation', chat);
    expect(await listIds()).toEqual([group, chat]);
  });

  it('hiding takes it off my list until the next message arrives', async () => {
    const { row } = await change('hideConversation');
    expect(row.isHidden).toBe(true);
    expect(await listIds()).toEqual([group]);
    await sendMessage(gateway, friend, chat, 'are you there?');
    expect(await listIds()).toEqual([chat, group]);
  });

  it('closing takes it off my list until I reopen it, while unread keeps counting', async () => {
    const { row } = await change('closeConversation');
    expect(row.closedAt).not.toBeNull();
    const unread = row.unreadCount;
    await sendMessage(gateway, friend, chat, 'still there?');
    expect(await listIds()).toEqual([group]);
    const reopened = await change('reopenConversation');
    expect(reopened.row).toMatchObject({ closedAt: null, unreadCount: unread + 1 });
    expect(await listIds()).toEqual([chat, group]);
  });

  it('marking read sets unread to 0 and records the last read message', async () => {
    const { row, diff } = await change('markConversationRead', group);
    expect(row.unreadCount).toBe(0);
    const [membership] = diff.channel_member.added as any[];
    const lastMessageId = Number((await gateway.database.prisma.channel.findUniqueOrThrow({ where: { id: BigInt(group) } })).lastMessageId);
    expect(membership).toMatchObject({ user_id: Number(me), channel_id: Number(group), last_read_message_id: lastMessageId });
  });

  it('every change advances my row\'s version', async () => {
    const first = await change('muteConversation');
    const second = await change('unmuteConversation');
    expect(BigInt(second.row.version)).toBeGreaterThan(BigInt(first.row.version));
  });

  it('nobody can change a conversation they are not in, and that writes nothing', async () => {
    const stranger = await registerUser(gateway);
    const before = await snapshotTables(gateway.database);
    const response = await gateway.graphql(SETTING('pinConversation'), { input: { conversationId: chat } }, stranger);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'CONVERSATION_NOT_FOUND' });
    expect(await snapshotTables(gateway.database)).toEqual(before);
  });

  it('leaves the views equal to their recomputation from the write side', async () => {
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });
});
