import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shardOf } from '../../src/sharding/shard-router.js';
import { befriend, registerUser, registerUsers } from '../support/factories.js';
import { diffSnapshots, snapshotTables } from '../support/table-snapshot.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const UPDATE_PROFILE = `mutation($input: UpdateProfileInput!) {
  updateProfile(input: $input) { id nickname avatarUrl }
}`;

describe('changing my nickname', () => {
  let gateway: TestGateway;
  let me: string;
  let friends: string[];
  let bystanders: string[];
  let diff: ReturnType<typeof diffSnapshots>;

  beforeAll(async () => {
    gateway = await startTestGateway();
    // Consecutive ids land on consecutive shards, so my friends' views are spread over many.
    me = await registerUser(gateway, 'Old Name');
    friends = await registerUsers(gateway, 6);
    bystanders = await registerUsers(gateway, 2);
    for (const friend of friends) await befriend(gateway, me, friend);
    await befriend(gateway, bystanders[0], bystanders[1]);
    const before = await snapshotTables(gateway.database);
    const response = await gateway.graphql(UPDATE_PROFILE, { input: { nickname: 'New Name', avatarUrl: 'https://cdn.example/me.png' } }, me);
    expect(response.errors).toBeUndefined();
    diff = diffSnapshots(before, await snapshotTables(gateway.database));
  });
  afterAll(() => gateway.close());

  it('spans several shards (the point of this test)', () => {
    expect(new Set(friends.map((id) => shardOf(BigInt(id)))).size).toBe(friends.length);
  });

  it('rewrites the peer in every friend\'s direct conversation, on each friend\'s shard', () => {
    const rows = diff.user_conversation_view.added as any[];
    expect(rows.map((row) => row.user_id).sort()).toEqual(friends.map(Number).sort());
    for (const row of rows) {
      expect(row).toMatchObject({ peer_user_id: Number(me), peer_nickname: 'New Name', peer_avatar_url: 'https://cdn.example/me.png', peer_info_ver: 2 });
    }
  });

  it('rewrites me in every friend\'s contacts', () => {
    const rows = diff.user_contact_view.added as any[];
    expect(rows.map((row) => row.user_id).sort()).toEqual(friends.map(Number).sort());
    for (const row of rows) expect(row).toMatchObject({ friend_id: Number(me), friend_nickname: 'New Name', friend_info_ver: 2 });
  });

  it('changes nothing else: my user row, the friends\' clocks and one outbox event', () => {
    expect(Object.keys(diff).sort()).toEqual(['outbox', 'user', 'user_contact_view', 'user_conversation_view', 'user_view_state'].sort());
    expect(diff.user.added).toEqual([expect.objectContaining({ id: Number(me), nickname: 'New Name', info_ver: 2 })]);
    expect((diff.user_view_state.added as any[]).map((s) => s.user_id).sort()).toEqual(friends.map(Number).sort());
    expect(diff.outbox.added).toEqual([expect.objectContaining({ type: 'ProfileUpdated', aggregate_id: Number(me) })]);
    for (const table of ['user_conversation_view', 'user_contact_view'] as const) {
      const owners = (diff[table].removed as any[]).map((row) => String(row.user_id));
      expect(owners.some((owner) => bystanders.includes(owner) || owner === me)).toBe(false);
    }
  });

  it('moves each friend\'s clock once: their conversation row and contact row share its one new version', () => {
    const removed = new Map((diff.user_view_state.removed as any[]).map((s) => [s.user_id, s.version]));
    for (const { user_id: friend, version } of diff.user_view_state.added as any[]) {
      expect(version).toBe(removed.get(friend) + 1);
      const rows = [...(diff.user_conversation_view.added as any[]), ...(diff.user_contact_view.added as any[])];
      expect(rows.filter((row) => row.user_id === friend).map((row) => row.version)).toEqual([version, version]);
    }
  });

  it('shows the new name to a friend through the API', async () => {
    const response = await gateway.graphql(
      '{ conversations { edges { node { title avatarUrl } } } contacts { edges { node { nickname } } } }',
      {},
      friends[3],
    );
    expect(response.data.conversations.edges).toEqual([{ node: { title: 'New Name', avatarUrl: 'https://cdn.example/me.png' } }]);
    expect(response.data.contacts.edges).toEqual([{ node: { nickname: 'New Name' } }]);
  });
});
