import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registerUser, sendFriendRequest } from '../support/factories.js';
import { diffSnapshots, snapshotTables } from '../support/table-snapshot.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/test-gateway.js';

const ACCEPT = `mutation($input: FriendRequestInput!) {
  acceptFriendRequest(input: $input) {
    request { id status fromUserId toUserId }
    conversation { id kind title memberCount unreadCount lastMessage { id } peer { id nickname } }
  }
}`;

describe('adding a friend (a request accepted)', () => {
  let gateway: TestGateway;
  let alice: string;
  let bob: string;
  let requestId: string;
  let diff: ReturnType<typeof diffSnapshots>;
  let response: GraphQLResponse;
  let statements: string[] = [];
  let accepting: string[] = [];

  beforeAll(async () => {
    gateway = await startTestGateway({ onQuery: (sql) => statements.push(sql) });
    alice = await registerUser(gateway, 'Alice');
    bob = await registerUser(gateway, 'Bob');
    requestId = await sendFriendRequest(gateway, alice, bob);
    const before = await snapshotTables(gateway.database);
    statements = [];
    response = await gateway.graphql(ACCEPT, { input: { requestId } }, bob);
    accepting = [...statements];
    diff = diffSnapshots(before, await snapshotTables(gateway.database));
  });
  afterAll(() => gateway.close());

  it('answers with the accepted request and the new direct conversation as Bob sees it', () => {
    expect(response.errors).toBeUndefined();
    expect(response.data.acceptFriendRequest).toEqual({
      request: { id: requestId, status: 'ACCEPTED', fromUserId: alice, toUserId: bob },
      conversation: {
        id: expect.any(String),
        kind: 'DIRECT',
        title: 'Alice',
        memberCount: 2,
        unreadCount: 0,
        lastMessage: null,
        peer: { id: alice, nickname: 'Alice' },
      },
    });
  });

  it('writes exactly the rows DESIGN.md lists, in one go, and nothing else', () => {
    const channelId = response.data.acceptFriendRequest.conversation.id;
    const pair = (a: string, b: string) => [
      expect.objectContaining({ user_id: Number(a), friend_id: Number(b), channel_id: Number(channelId), deleted_at: 0 }),
      expect.objectContaining({ user_id: Number(b), friend_id: Number(a), channel_id: Number(channelId), deleted_at: 0 }),
    ];
    expect(Object.keys(diff).sort()).toEqual(
      [
        'channel',
        'channel_member',
        'contact_reverse_index',
        'conversation_reverse_index',
        'friend_request',
        'friendship',
        'outbox',
        'user_contact_view',
        'user_conversation_view',
        'user_view_state',
      ].sort(),
    );
    expect(diff.channel).toEqual({
      added: [expect.objectContaining({ id: Number(channelId), type: 'DIRECT', member_count: 2 })],
      removed: [],
    });
    expect(diff.channel_member.added).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel_id: Number(channelId), user_id: Number(alice), left_at: 0 }),
        expect.objectContaining({ channel_id: Number(channelId), user_id: Number(bob), left_at: 0 }),
      ]),
    );
    expect(diff.channel_member.added).toHaveLength(2);
    expect(diff.friendship.added).toEqual(expect.arrayContaining(pair(alice, bob)));
    expect(diff.friendship.added).toHaveLength(2);
    expect(diff.friend_request.added).toEqual([expect.objectContaining({ id: Number(requestId), status: 'ACCEPTED' })]);
    expect(diff.friend_request.removed).toEqual([expect.objectContaining({ id: Number(requestId), status: 'PENDING' })]);
    expect(diff.user_conversation_view.added).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user_id: Number(alice), channel_id: Number(channelId), peer_user_id: Number(bob), peer_nickname: 'Bob', channel_type: 'DIRECT' }),
        expect.objectContaining({ user_id: Number(bob), channel_id: Number(channelId), peer_user_id: Number(alice), peer_nickname: 'Alice', channel_type: 'DIRECT' }),
      ]),
    );
    expect(diff.user_conversation_view.added).toHaveLength(2);
    expect(diff.user_contact_view.added).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user_id: Number(alice), friend_id: Number(bob), friend_nickname: 'Bob', channel_id: Number(channelId) }),
        expect.objectContaining({ user_id: Number(bob), friend_id: Number(alice), friend_nickname: 'Alice', channel_id: Number(channelId) }),
      ]),
    );
    expect(diff.user_contact_view.added).toHaveLength(2);
    expect(diff.conversation_reverse_index.added).toEqual(
      expect.arrayContaining([
        { peer_user_id: Number(bob), owner_user_id: Number(alice), channel_id: Number(channelId) },
        { peer_user_id: Number(alice), owner_user_id: Number(bob), channel_id: Number(channelId) },
      ]),
    );
    expect(diff.contact_reverse_index.added).toEqual(
      expect.arrayContaining([
        { friend_user_id: Number(bob), owner_user_id: Number(alice) },
        { friend_user_id: Number(alice), owner_user_id: Number(bob) },
      ]),
    );
    expect(diff.outbox).toEqual({
      added: [expect.objectContaining({ type: 'FriendRequestAccepted', aggregate: 'friend_request', aggregate_id: Number(requestId) })],
      removed: [],
    });
  });

  it('advances both owners\' view versions, and each new row carries its owner\'s new version', () => {
    for (const owner of [alice, bob]) {
      const [state] = diff.user_view_state.added.filter((s: any) => s.user_id === Number(owner)) as any[];
      const [previous] = diff.user_view_state.removed.filter((s: any) => s.user_id === Number(owner)) as any[];
      expect(state.version).toBeGreaterThan(previous.version);
      const rows = [...diff.user_conversation_view.added, ...diff.user_contact_view.added].filter(
        (row: any) => row.user_id === Number(owner),
      ) as any[];
      expect(rows.map((row) => row.version)).toEqual(expect.arrayContaining([expect.any(Number)]));
      expect(Math.max(...rows.map((row) => row.version))).toBe(state.version);
    }
  });

  it('shows each of them the other in contacts and conversations', async () => {
    const query = '{ contacts { edges { node { id nickname } } } conversations { edges { node { title } } } }';
    const asAlice = await gateway.graphql(query, {}, alice);
    const asBob = await gateway.graphql(query, {}, bob);
    expect(asAlice.data.contacts.edges).toEqual([{ node: { id: bob, nickname: 'Bob' } }]);
    expect(asAlice.data.conversations.edges).toEqual([{ node: { title: 'Bob' } }]);
    expect(asBob.data.contacts.edges).toEqual([{ node: { id: alice, nickname: 'Alice' } }]);
    expect(asBob.data.conversations.edges).toEqual([{ node: { title: 'Alice' } }]);
  });

  // Every statement is a round trip made under the pair's lock and the request's row lock.
  it('locks the pair, then reads the request with its checks, then writes the write side in one statement', () => {
    const transaction = accepting.slice(0, accepting.findIndex((sql) => /INSERT INTO "public"."outbox"/.test(sql)));
    const writeSide = transaction.filter((sql) => /friend_request|INSERT INTO (channel|friendship)\b|FROM "user"/.test(sql));
    expect(writeSide).toHaveLength(3);
    expect(writeSide[0]).toMatch(/pg_advisory_xact_lock[\s\S]*FROM friend_request/);
    expect(writeSide[1]).toMatch(/FROM friendship[\s\S]*FROM friend_request[\s\S]*FOR UPDATE/);
    expect(writeSide[2]).toMatch(
      /UPDATE friend_request[\s\S]*INSERT INTO channel\b[\s\S]*INSERT INTO channel_member[\s\S]*INSERT INTO friendship[\s\S]*FOR SHARE/,
    );
  });
});
