import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConversationCache, CONVERSATION_FIELDS, freshConversationList, type ConversationChange } from '../support/conversation-cache.js';
import { befriend, createGroup, registerUsers, sendMessage } from '../support/factories.js';
import { subscribe } from '../support/live-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const CONVERSATION_UPDATED = (since: string) => `subscription {
  conversationUpdated(sinceVersion: "${since}") { version inList conversation { ${CONVERSATION_FIELDS} } } }`;

type Update = { conversationUpdated: ConversationChange };

describe('a client keeps its conversation list live over graphql-ws, and catches up after a disconnect', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(() => gateway.close());

  it('receives a friend’s messages in order, misses some offline, catches up, and ends equal to a fresh query', async () => {
    const [alice, bob, carol] = await registerUsers(gateway, 3);
    const chat = await befriend(gateway, bob!, alice!);
    const cache = new ConversationCache();
    await cache.sync(gateway, alice!);

    const live = await subscribe<Update>(gateway, alice!, CONVERSATION_UPDATED(cache.highWaterMark));
    for (const body of ['one', 'two', 'three']) await sendMessage(gateway, bob!, chat, body);
    const updates = (await live.until(3)).map((update) => update.conversationUpdated);
    expect(updates.map((u) => u.conversation.lastMessage)).toMatchObject([{ preview: 'one' }, { preview: 'two' }, { preview: 'three' }]);
    expect(updates.map((u) => u.conversation.unreadCount)).toEqual([1, 2, 3]);
    const versions = updates.map((u) => BigInt(u.version));
    expect(versions).toEqual([...versions].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(versions).size).toBe(3);
    for (const update of updates) cache.apply(update);
    await live.close();

    // Offline: more messages, a new group, and the viewer hides the direct chat on another device.
    await sendMessage(gateway, bob!, chat, 'four');
    const group = await createGroup(gateway, carol!, [alice!, bob!], 'Weekend');
    await sendMessage(gateway, carol!, group, 'who is in?');
    const hidden = await gateway.graphql(`mutation ($id: ID!) { hideConversation(input: { conversationId: $id }) { id } }`, { id: chat }, alice);
    expect(hidden.errors).toBeUndefined();

    // Back online: resume from the last version applied, catch up from the feed, stay live.
    cache.highWaterMark = updates.at(-1)!.version;
    await cache.sync(gateway, alice!);
    const again = await subscribe<Update>(gateway, alice!, CONVERSATION_UPDATED(cache.highWaterMark));
    await sendMessage(gateway, bob!, chat, 'five');
    const [five] = await again.until(1);
    expect(five!.conversationUpdated).toMatchObject({ inList: true, conversation: { id: chat, lastMessage: { preview: 'five' } } });
    cache.apply(five!.conversationUpdated);
    await again.close();

    expect(cache.list()).toEqual(await freshConversationList(gateway, alice!));
    expect(cache.list().map((row) => row.id)).toEqual([chat, group].sort((a, b) => Number(BigInt(a) - BigInt(b))));
  });

  it('delivers a friend’s new nickname to the contacts', async () => {
    const [alice, bob] = await registerUsers(gateway, 2);
    await befriend(gateway, bob!, alice!);
    const feed = await gateway.graphql(`{ contactChanges(sinceVersion: "0") { highWaterMark } }`, {}, alice);
    const live = await subscribe<{ contactUpdated: { inList: boolean; contact: { id: string; nickname: string } } }>(
      gateway,
      alice!,
      `subscription { contactUpdated(sinceVersion: "${feed.data.contactChanges.highWaterMark}") { version inList contact { id nickname } } }`,
    );
    const renamed = await gateway.graphql(`mutation { updateProfile(input: { nickname: "Robert" }) { id } }`, {}, bob);
    expect(renamed.errors).toBeUndefined();
    const [update] = await live.until(1);
    await live.close();
    expect(update!.contactUpdated).toMatchObject({ inList: true, contact: { id: bob, nickname: 'Robert' } });
  });

  it('never delivers another viewer’s rows', async () => {
    const [alice, bob, carol, dave] = await registerUsers(gateway, 4);
    const theirs = await befriend(gateway, alice!, bob!);
    const mine = await befriend(gateway, dave!, carol!);
    const cache = new ConversationCache();
    await cache.sync(gateway, carol!);
    const live = await subscribe<Update>(gateway, carol!, CONVERSATION_UPDATED(cache.highWaterMark));

    await sendMessage(gateway, alice!, theirs, 'not for carol');
    await createGroup(gateway, alice!, [bob!], 'Without carol');
    await sendMessage(gateway, dave!, mine, 'for carol');
    const [update] = await live.until(1);
    await live.close();

    expect(live.received).toHaveLength(1);
    expect(update!.conversationUpdated.conversation).toMatchObject({ id: mine, lastMessage: { preview: 'for carol' } });
  });

  it('refuses a connection without a valid token', async () => {
    const [alice] = await registerUsers(gateway, 1);
    const probe = subscribe<Update>({ ...gateway, tokenFor: async () => 'not-a-token' }, alice!, CONVERSATION_UPDATED('0'));
    await expect(probe).rejects.toThrow(/4403/);
  });

  it('holds subscriptions to the same shape limits as queries', async () => {
    const [alice] = await registerUsers(gateway, 1);
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: conversation { id }`).join(' ');
    const probe = await subscribe<Update>(gateway, alice!, `subscription { conversationUpdated { version ${aliases} } }`);
    await expect(probe.until(1)).rejects.toThrow(/TOO_MANY_ALIASES/);
    await probe.close();
  });
});
