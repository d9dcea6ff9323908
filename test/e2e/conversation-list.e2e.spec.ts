import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { befriend, createGroup, registerUser, registerUsers, sendMessage } from '../support/factories.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const PAGE = `query($first: Int, $after: String) {
  conversations(first: $first, after: $after) {
    edges { cursor node { id title isPinned } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('reading my conversation list', () => {
  let gateway: TestGateway;
  let me: string;
  let chats: string[];

  beforeAll(async () => {
    gateway = await startTestGateway();
    me = await registerUser(gateway, 'Me');
    const friends = await registerUsers(gateway, 5);
    chats = [];
    for (const friend of friends) chats.push(await befriend(gateway, me, friend));
    chats.push(await createGroup(gateway, me, friends.slice(0, 2), 'Group'));
    // Activity order, oldest first: chats[0] … chats[5]
    for (const chat of chats) await sendMessage(gateway, me, chat, `hello ${chat}`);
  });
  afterAll(() => gateway.close());

  async function allPages(first: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const response: any = await gateway.graphql(PAGE, { first, after }, me);
      ids.push(...response.data.conversations.edges.map((edge: any) => edge.node.id));
      if (!response.data.conversations.pageInfo.hasNextPage) return ids;
      after = response.data.conversations.pageInfo.endCursor;
    }
    throw new Error('pagination did not end');
  }

  it('lists the most recent activity first', async () => {
    expect(await allPages(20)).toEqual([...chats].reverse());
  });

  it('pages through every conversation once, in the same order, with the cursors it hands out', async () => {
    expect(await allPages(2)).toEqual([...chats].reverse());
    expect(await allPages(1)).toEqual([...chats].reverse());
  });

  it('puts pinned conversations first', async () => {
    await gateway.database.prisma.$executeRawUnsafe(
      `UPDATE user_conversation_view SET is_pinned = TRUE WHERE user_id = ${me} AND channel_id = ${chats[1]}`,
    );
    expect(await allPages(2)).toEqual([chats[1], chats[5], chats[4], chats[3], chats[2], chats[0]]);
  });

  it('moves a conversation to the top when a message arrives', async () => {
    await sendMessage(gateway, me, chats[2], 'bump');
    const ids = await allPages(3);
    expect(ids.slice(0, 2)).toEqual([chats[1], chats[2]]);
  });

  it('shows each viewer only their own list', async () => {
    const stranger = await registerUser(gateway, 'Stranger');
    const response = await gateway.graphql(PAGE, { first: 20 }, stranger);
    expect(response.data.conversations.edges).toEqual([]);
  });
});

describe('reading my contacts', () => {
  let gateway: TestGateway;
  let me: string;

  beforeAll(async () => {
    gateway = await startTestGateway();
    me = await registerUser(gateway, 'Me');
    for (const name of ['zoe', 'Adam', 'mallory', 'Bea', 'adam']) {
      await befriend(gateway, me, await registerUser(gateway, name));
    }
  });
  afterAll(() => gateway.close());

  it('orders them as an address book (case-insensitive, then by id) across pages', async () => {
    const names: string[] = [];
    let after: string | null = null;
    do {
      const response: any = await gateway.graphql(
        'query($after: String) { contacts(first: 2, after: $after) { edges { node { displayName } } pageInfo { hasNextPage endCursor } } }',
        { after },
        me,
      );
      names.push(...response.data.contacts.edges.map((edge: any) => edge.node.displayName));
      after = response.data.contacts.pageInfo.hasNextPage ? response.data.contacts.pageInfo.endCursor : null;
    } while (after);
    expect(names).toEqual(['Adam', 'adam', 'Bea', 'mallory', 'zoe']);
  });
});
