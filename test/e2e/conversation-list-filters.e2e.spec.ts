import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { rewriteFromWriteSide } from '../../src/projections/recomputed-rows.js';
import { shardOf } from '../../src/sharding/shard-router.js';
import { befriend, createGroup, registerUser, registerUsers, sendMessage } from '../support/factories.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { NO_DIFFERENCES, viewDifferences } from '../support/view-consistency.js';

const LIST = `query($first: Int, $after: String, $filter: ConversationFilter, $ifChangedSince: String, $minVersion: String) {
  conversations(first: $first, after: $after, filter: $filter, ifChangedSince: $ifChangedSince, minVersion: $minVersion) {
    edges { cursor node { id kind isPinned pinnedAt isMuted isArchived markedUnread unreadCount mentionCount
                          memberCount draft { text savedAt } } }
    pageInfo { hasNextPage endCursor }
    totalCount unreadTotal version notModified
  }
}`;

const ON_ROW = (name: string) => `mutation($input: ConversationInput!) { ${name}(input: $input) { id version } }`;
const SAVE_DRAFT = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id draft { text } version } }`;

describe('the conversation list a client renders: order, filters, badges', () => {
  let gateway: TestGateway;
  let me: string;
  let friends: string[];
  /** Direct chats with friends[0..3], then one group with friends[0..1]. */
  let direct: string[];
  let group: string;

  async function list(variables: Record<string, unknown> = {}, as = me) {
    const response = await gateway.graphql(LIST, { first: 100, ...variables }, as);
    expect(response.errors).toBeUndefined();
    return response.data.conversations;
  }
  const ids = async (variables: Record<string, unknown> = {}) => (await list(variables)).edges.map((e: any) => e.node.id);
  const row = async (id: string) => (await list()).edges.map((e: any) => e.node).find((n: any) => n.id === id);

  async function onRow(name: string, conversationId: string, as = me) {
    const response = await gateway.graphql(ON_ROW(name), { input: { conversationId } }, as);
    expect(response.errors).toBeUndefined();
    return response.data[name];
  }

  beforeAll(async () => {
    gateway = await startTestGateway();
    me = await registerUser(gateway, 'Me');
    friends = await registerUsers(gateway, 4);
    direct = [];
    for (const friend of friends) direct.push(await befriend(gateway, me, friend));
    group = await createGroup(gateway, me, friends.slice(0, 2), 'Team');
  }, 180_000);

  afterAll(() => gateway.close());

  // Every test starts from the same list: activity order direct[0] (oldest) … group (newest),
  // nothing pinned, muted, archived or unread.
  beforeEach(async () => {
    await gateway.database.prisma.$executeRawUnsafe(`
      UPDATE channel_member SET is_pinned = FALSE, pinned_at = 0, is_muted = FALSE, is_archived = FALSE,
        marked_unread = FALSE, draft = '', draft_at = 0 WHERE user_id = ${me}`);
    for (const chat of [...direct, group]) await sendMessage(gateway, me, chat, `from me in ${chat}`);
    await gateway.database.prisma.$transaction((tx) => rewriteFromWriteSide(tx, shardOf(BigInt(me)), [BigInt(me)]));
  }, 120_000);


  it('lists pinned conversations first, most recently pinned on top, then by last activity', async () => {
    await onRow('pinConversation', direct[1]!);
    await onRow('pinConversation', direct[3]!);
    expect(await ids()).toEqual([direct[3], direct[1], group, direct[2], direct[0]]);
    const pinned = await row(direct[3]!);
    expect(pinned.pinnedAt).toEqual(expect.any(String));
    expect((await row(direct[2]!)).pinnedAt).toBeNull();
  });

  it('pinning a pinned conversation again keeps its place among the pins', async () => {
    await onRow('pinConversation', direct[1]!);
    await onRow('pinConversation', direct[3]!);
    await onRow('pinConversation', direct[1]!);
    expect((await ids()).slice(0, 2)).toEqual([direct[3], direct[1]]);
  });

  it('a conversation moving to the top between two pages never makes the next page repeat or skip another one', async () => {
    const first = await list({ first: 2 });
    expect(first.edges.map((e: any) => e.node.id)).toEqual([group, direct[3]]);
    // One from the unread part of the list moves up, and one already seen moves up too.
    await sendMessage(gateway, friends[1]!, direct[1]!, 'news');
    await sendMessage(gateway, friends[3]!, direct[3]!, 'more news');
    const rest: string[] = [];
    let after = first.pageInfo.endCursor;
    for (;;) {
      const page = await list({ first: 1, after });
      rest.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    // Nothing repeats, and every conversation that did not move is on exactly one page.
    expect(rest).toEqual([direct[2], direct[0]]);
    expect(await ids()).toEqual([direct[3], direct[1], group, direct[2], direct[0]]);
  });

  it('a draft counts as activity: the conversation moves up, and sending clears the draft', async () => {
    const saved = await gateway.graphql(SAVE_DRAFT, { input: { conversationId: direct[0], text: 'half a thought' } }, me);
    expect(saved.data.saveDraft.draft).toEqual({ text: 'half a thought' });
    expect((await ids())[0]).toBe(direct[0]);
    expect((await row(direct[0]!)).draft).toEqual({ text: 'half a thought', savedAt: expect.any(String) });
    await sendMessage(gateway, me, direct[1]!, 'newer than the draft');
    expect((await ids()).slice(0, 2)).toEqual([direct[1], direct[0]]);
    await sendMessage(gateway, me, direct[0]!, 'half a thought, sent');
    expect((await row(direct[0]!)).draft).toBeNull();
  });

  it('an empty draft clears it and the conversation goes back to its last message time', async () => {
    await gateway.graphql(SAVE_DRAFT, { input: { conversationId: direct[0], text: 'x' } }, me);
    const cleared = await gateway.graphql(SAVE_DRAFT, { input: { conversationId: direct[0], text: '   ' } }, me);
    expect(cleared.data.saveDraft.draft).toBeNull();
    expect(await ids()).toEqual([group, direct[3], direct[2], direct[1], direct[0]]);
  });

  it('filters by kind, unread (counted or marked), muted, unmuted and pinned, and combines them', async () => {
    await sendMessage(gateway, friends[2]!, direct[2]!, 'unread for me');
    await onRow('markConversationUnread', direct[0]!);
    await onRow('muteConversation', direct[2]!);
    await onRow('muteConversation', group);
    await onRow('pinConversation', direct[3]!);
    expect(await ids({ filter: { kind: 'GROUP' } })).toEqual([group]);
    expect(await ids({ filter: { kind: 'DIRECT' } })).toEqual([direct[3], direct[2], direct[1], direct[0]]);
    expect(await ids({ filter: { unreadOnly: true } })).toEqual([direct[2], direct[0]]);
    expect(await ids({ filter: { mutedOnly: true } })).toEqual([direct[2], group]);
    expect(await ids({ filter: { excludeMuted: true } })).toEqual([direct[3], direct[1], direct[0]]);
    expect(await ids({ filter: { pinnedOnly: true } })).toEqual([direct[3]]);
    expect(await ids({ filter: { unreadOnly: true, excludeMuted: true } })).toEqual([direct[0]]);
    expect(await ids({ filter: { kind: 'DIRECT', mutedOnly: true, unreadOnly: true } })).toEqual([direct[2]]);
    const unread = await list({ filter: { unreadOnly: true } });
    expect(unread.totalCount).toBe(2);
    // The badge counts unread messages of unmuted conversations only (direct[2] is muted; a
    // manual mark is no message).
    expect(unread.unreadTotal).toBe(0);
    await sendMessage(gateway, friends[1]!, direct[1]!, 'one');
    await sendMessage(gateway, friends[1]!, direct[1]!, 'two');
    expect((await list()).unreadTotal).toBe(2);
    expect((await list({ filter: { kind: 'DIRECT' } })).totalCount).toBe(4);
  });

  it('reading a conversation removes the unread mark', async () => {
    await onRow('markConversationUnread', direct[0]!);
    expect((await row(direct[0]!)).markedUnread).toBe(true);
    await onRow('markConversationRead', direct[0]!);
    expect((await row(direct[0]!)).markedUnread).toBe(false);
    expect(await ids({ filter: { unreadOnly: true } })).toEqual([]);
  });

  it('refuses mutedOnly with excludeMuted as bad input', async () => {
    const response = await gateway.graphql(LIST, { filter: { mutedOnly: true, excludeMuted: true } }, me);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CONFLICTING_FILTERS' });
  });

  it('archives out of the main list; a new message brings an unmuted archived chat back, a muted one stays archived', async () => {
    await onRow('archiveConversation', direct[1]!);
    await onRow('archiveConversation', direct[2]!);
    await onRow('muteConversation', direct[2]!);
    expect(await ids()).toEqual([group, direct[3], direct[0]]);
    expect(await ids({ filter: { archived: true } })).toEqual([direct[2], direct[1]]);
    await sendMessage(gateway, friends[1]!, direct[1]!, 'back you come');
    await sendMessage(gateway, friends[2]!, direct[2]!, 'you stay archived');
    expect(await ids()).toEqual([direct[1], group, direct[3], direct[0]]);
    expect(await ids({ filter: { archived: true } })).toEqual([direct[2]]);
    expect((await list({ filter: { archived: true } })).edges[0].node).toMatchObject({ isArchived: true, unreadCount: 1 });
    await onRow('unarchiveConversation', direct[2]!);
    expect(await ids({ filter: { archived: true } })).toEqual([]);
  });

  it('counts mentions of me by @username, and @all in groups only', async () => {
    const [{ username }] = await gateway.database.prisma.$queryRawUnsafe<Array<{ username: string }>>(
      `SELECT username FROM "user" WHERE id = ${me}`,
    );
    await sendMessage(gateway, friends[0]!, group, `@${username} look`);
    await sendMessage(gateway, friends[1]!, group, '@all meeting at noon');
    await sendMessage(gateway, friends[1]!, group, 'no mention, and mail@' + username + ' is no mention');
    await sendMessage(gateway, friends[0]!, direct[0]!, `@all hello @${username}.`);
    await sendMessage(gateway, friends[0]!, direct[0]!, '@all is not everyone in a direct chat');
    expect(await row(group)).toMatchObject({ mentionCount: 2, unreadCount: 3, memberCount: 3 });
    expect(await row(direct[0]!)).toMatchObject({ mentionCount: 1, unreadCount: 2, memberCount: 2 });
    // The sender's own row counts nothing.
    expect((await list({}, friends[1]!)).edges.find((e: any) => e.node.id === group).node.mentionCount).toBe(0);
    await onRow('markConversationRead', group);
    expect(await row(group)).toMatchObject({ mentionCount: 0, unreadCount: 0 });
  });

  it('answers notModified with no rows while nothing changed, and the rows again once something did', async () => {
    const before = await list();
    const same = await list({ ifChangedSince: before.version });
    expect(same).toMatchObject({ notModified: true, edges: [], version: before.version });
    await onRow('muteConversation', direct[0]!);
    const changed = await list({ ifChangedSince: before.version });
    expect(changed.notModified).toBe(false);
    expect(changed.edges).toHaveLength(5);
    expect(BigInt(changed.version)).toBeGreaterThan(BigInt(before.version));
  });

  it('read-your-writes: a list asked for at least a mutation’s version shows that mutation', async () => {
    const pinned = await onRow('pinConversation', direct[0]!);
    const fresh = await list({ minVersion: pinned.version });
    expect(fresh.edges[0].node).toMatchObject({ id: direct[0], isPinned: true });
    expect(BigInt(fresh.version)).toBeGreaterThanOrEqual(BigInt(pinned.version));
    const future = await gateway.graphql(LIST, { minVersion: (BigInt(fresh.version) + 1000n).toString() }, me);
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_VIEW_VERSION' });
  });

  it('keeps every view row equal to its recomputation from the write side', async () => {
    await onRow('archiveConversation', direct[1]!);
    await onRow('markConversationUnread', direct[2]!);
    await gateway.graphql(SAVE_DRAFT, { input: { conversationId: group, text: 'later' } }, me);
    await sendMessage(gateway, friends[0]!, group, '@all hi');
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });
});
