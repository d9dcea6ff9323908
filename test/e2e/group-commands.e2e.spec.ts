import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { GroupProfileUpdated } from '../../src/events/index.js';
import { ReadModelProjector } from '../../src/projections/read-model-projector.js';
import { shardOf } from '../../src/sharding/shard-router.js';
import { RegisterUserCommand } from '../../src/write/register-user/register-user.command.js';
import { befriend, createGroup, registerUser, registerUsers, sendMessage } from '../support/factories.js';
import { diffSnapshots, snapshotTables } from '../support/table-snapshot.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/test-gateway.js';
import { NO_DIFFERENCES, viewDifferences } from '../support/view-consistency.js';

const ROW = 'id kind title avatarUrl memberCount closedAt unreadCount isPinned lastMessage { id } members(first: 100) { id }';

const INPUT_TYPES = {
  renameGroup: 'RenameGroupInput',
  setGroupAvatar: 'SetGroupAvatarInput',
  addGroupMembers: 'GroupMembersInput',
  removeGroupMember: 'GroupMemberInput',
  leaveGroup: 'ConversationInput',
  transferGroupOwnership: 'GroupMemberInput',
  dissolveGroup: 'ConversationInput',
} as const;
type GroupMutation = keyof typeof INPUT_TYPES;

const LIST = '{ conversations(first: 50) { edges { node { id title memberCount unreadCount } } } }';

type Row = Record<string, any>;
type Diff = ReturnType<typeof diffSnapshots>;

function mutate(gateway: TestGateway, name: GroupMutation, input: Record<string, unknown>, as: string): Promise<GraphQLResponse> {
  return gateway.graphql(`mutation($input: ${INPUT_TYPES[name]}!) { ${name}(input: $input) { ${ROW} } }`, { input }, as);
}

/** Runs the mutation, expects success, and returns the viewer's row plus what changed in every table. */
async function changes(gateway: TestGateway, name: GroupMutation, input: Record<string, unknown>, as: string) {
  const before = await snapshotTables(gateway.database);
  const response = await mutate(gateway, name, input, as);
  expect(response.errors).toBeUndefined();
  const diff = diffSnapshots(before, await snapshotTables(gateway.database));
  return { row: response.data[name] as Row, diff };
}

/** Expects the mutation to be refused with `code` / `reason` and to write nothing at all. */
async function expectRefused(
  gateway: TestGateway,
  name: GroupMutation,
  input: Record<string, unknown>,
  as: string,
  code: string,
  reason: string,
) {
  const before = await snapshotTables(gateway.database);
  const response = await mutate(gateway, name, input, as);
  expect(response.data).toBeNull();
  expect(response.errors).toHaveLength(1);
  expect(response.errors![0].extensions).toMatchObject({ code, reason });
  expect(await snapshotTables(gateway.database)).toEqual(before);
}

const ids = (rows: unknown[], column = 'user_id') => (rows as Row[]).map((row) => String(row[column])).sort();
const sorted = (list: string[]) => [...list].sort();
const rowOf = (rows: unknown[], userId: string) => (rows as Row[]).find((row) => String(row.user_id) === userId)!;
const tablesChanged = (diff: Diff) => Object.keys(diff).sort();

describe('group commands', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterEach(async () => {
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });
  afterAll(() => gateway.close());

  /**
   * A group with an owner, an admin and plain members. The admin created it and handed it to the
   * owner (the only way anyone becomes an admin).
   */
  async function team(plainMembers = 3, name = 'Team') {
    const [owner, admin, ...members] = await registerUsers(gateway, 2 + plainMembers);
    const group = await createGroup(gateway, admin, [owner, ...members], name);
    const transferred = await mutate(gateway, 'transferGroupOwnership', { conversationId: group, memberId: owner }, admin);
    expect(transferred.errors).toBeUndefined();
    return { group, owner, admin, members, everyone: [owner, admin, ...members] };
  }

  async function leave(group: string, member: string) {
    expect((await mutate(gateway, 'leaveGroup', { conversationId: group }, member)).errors).toBeUndefined();
  }

  describe('renaming a group and changing its avatar', () => {
    it('an owner renames the group: every row shows the new name, a former member\'s closed row too', async () => {
      const { group, owner, members, everyone } = await team(3);
      await sendMessage(gateway, members[0], group, 'hello team');
      await leave(group, members[2]);
      const bystander = await registerUser(gateway);

      const { row, diff } = await changes(gateway, 'renameGroup', { conversationId: group, name: '  Dream Team ' }, owner);

      expect(row).toMatchObject({ id: group, kind: 'GROUP', title: 'Dream Team', memberCount: 4, closedAt: null });
      expect(tablesChanged(diff)).toEqual(sorted(['channel', 'outbox', 'user_conversation_view', 'user_view_state']));
      expect(diff.channel.added).toEqual([expect.objectContaining({ id: Number(group), name: 'Dream Team', info_ver: 2, member_count: 4 })]);
      expect(diff.outbox.added).toEqual([
        expect.objectContaining({ type: 'GroupProfileUpdated', aggregate: 'channel', aggregate_id: Number(group) }),
      ]);
      const rows = diff.user_conversation_view.added as Row[];
      expect(ids(rows)).toEqual(sorted(everyone));
      for (const view of rows) expect(view).toMatchObject({ channel_id: Number(group), group_name: 'Dream Team', channel_info_ver: 2 });
      expect(rowOf(rows, members[2]).closed_at).toBeGreaterThan(0);
      // only the name, the info version and the row version changed in each row
      for (const removed of diff.user_conversation_view.removed as Row[]) {
        const added = rowOf(rows, String(removed.user_id));
        expect({ ...added, group_name: removed.group_name, channel_info_ver: 1, version: removed.version }).toEqual(removed);
        expect(added.version).toBeGreaterThan(removed.version);
      }
      expect(ids(diff.user_view_state.added)).toEqual(sorted(everyone));
      expect(ids(diff.user_view_state.added)).not.toContain(bystander);
    });

    it('an admin changes the group\'s avatar, and can remove it again', async () => {
      const { group, admin, everyone } = await team(2);
      const { row, diff } = await changes(gateway, 'setGroupAvatar', { conversationId: group, avatarUrl: 'https://cdn.example/team.png' }, admin);
      expect(row).toMatchObject({ title: 'Team', avatarUrl: 'https://cdn.example/team.png' });
      expect(diff.channel.added).toEqual([expect.objectContaining({ name: 'Team', avatar_url: 'https://cdn.example/team.png', info_ver: 2 })]);
      expect(ids(diff.user_conversation_view.added)).toEqual(sorted(everyone));
      for (const view of diff.user_conversation_view.added as Row[]) {
        expect(view).toMatchObject({ group_name: 'Team', group_avatar_url: 'https://cdn.example/team.png', channel_info_ver: 2 });
      }

      const cleared = await changes(gateway, 'setGroupAvatar', { conversationId: group, avatarUrl: '' }, admin);
      expect(cleared.row.avatarUrl).toBe('');
      expect(cleared.diff.channel.added).toEqual([expect.objectContaining({ avatar_url: '', info_ver: 3 })]);
    });

    it('a late, older rename never overwrites a newer one', async () => {
      const { group, owner, everyone } = await team(2);
      await changes(gateway, 'renameGroup', { conversationId: group, name: 'Second' }, owner);
      await changes(gateway, 'renameGroup', { conversationId: group, name: 'Third' }, owner);
      const stale = new GroupProfileUpdated(BigInt(group), BigInt(owner), 'Second', '', 2n, everyone.map(BigInt), 1n);
      const projector = gateway.app.get(ReadModelProjector);
      await gateway.database.prisma.$transaction((tx) => projector.apply(tx, stale));
      for (const member of everyone) {
        const list = await gateway.graphql(LIST, {}, member);
        expect(list.data.conversations.edges.map((edge: any) => edge.node.title)).toEqual(['Third']);
      }
    });

    it('a retried rename with the same idempotency key writes nothing again', async () => {
      const { group, owner } = await team(1);
      const input = { conversationId: group, name: 'Once', idempotencyKey: 'rename-once-1' };
      const first = await changes(gateway, 'renameGroup', input, owner);
      expect(first.diff.channel.added).toEqual([expect.objectContaining({ info_ver: 2 })]);
      const retry = await changes(gateway, 'renameGroup', input, owner);
      expect(retry.row).toEqual(first.row);
      expect(retry.diff).toEqual({});
    });

    it('a plain member cannot rename the group or change its avatar', async () => {
      const { group, members } = await team(1);
      await expectRefused(gateway, 'renameGroup', { conversationId: group, name: 'Mine now' }, members[0], 'FORBIDDEN', 'NOT_GROUP_ADMIN');
      await expectRefused(gateway, 'setGroupAvatar', { conversationId: group, avatarUrl: 'https://x.example/a.png' }, members[0], 'FORBIDDEN', 'NOT_GROUP_ADMIN');
    });

    it('someone outside the group, or who left it, cannot rename it', async () => {
      const { group, members } = await team(2);
      const outsider = await registerUser(gateway);
      await leave(group, members[1]);
      await expectRefused(gateway, 'renameGroup', { conversationId: group, name: 'Hijacked' }, outsider, 'FORBIDDEN', 'NOT_A_MEMBER');
      await expectRefused(gateway, 'renameGroup', { conversationId: group, name: 'Hijacked' }, members[1], 'FORBIDDEN', 'NOT_A_MEMBER');
    });

    it('a direct conversation cannot be renamed, a missing one is not found, an empty name is refused', async () => {
      const { group, owner } = await team(1);
      const friend = await registerUser(gateway);
      const direct = await befriend(gateway, owner, friend);
      await expectRefused(gateway, 'renameGroup', { conversationId: direct, name: 'Us' }, owner, 'BAD_USER_INPUT', 'NOT_A_GROUP');
      await expectRefused(gateway, 'renameGroup', { conversationId: '987654321', name: 'Nope' }, owner, 'NOT_FOUND', 'CONVERSATION_NOT_FOUND');
      await expectRefused(gateway, 'renameGroup', { conversationId: group, name: '   ' }, owner, 'BAD_USER_INPUT', 'EMPTY_NAME');
      await expectRefused(gateway, 'setGroupAvatar', { conversationId: group, avatarUrl: 'ftp://x' }, owner, 'BAD_USER_INPUT', 'INVALID_AVATAR_URL');
    });
  });

  describe('adding members', () => {
    it('an owner adds new users and a former member: fresh open rows for them, the new count everywhere', async () => {
      const { group, owner, admin, members } = await team(3);
      const [stays, leaver, alsoLeft] = members;
      // The leaver had pinned and muted the group (settings on both sides, kept consistent).
      await gateway.database.prisma.$executeRawUnsafe(
        `UPDATE channel_member SET is_pinned = TRUE, is_muted = TRUE WHERE channel_id = ${group} AND user_id = ${leaver}`,
      );
      await gateway.database.prisma.$executeRawUnsafe(
        `UPDATE user_conversation_view SET is_pinned = TRUE, is_muted = TRUE WHERE channel_id = ${group} AND user_id = ${leaver}`,
      );
      await sendMessage(gateway, stays, group, 'before leaving');
      await leave(group, leaver);
      await leave(group, alsoLeft);
      const lastMessage = await sendMessage(gateway, stays, group, 'while they were away');
      const newcomers = await registerUsers(gateway, 2);

      const { row, diff } = await changes(gateway, 'addGroupMembers', { conversationId: group, memberIds: [...newcomers, leaver, newcomers[0]] }, owner);

      expect(row).toMatchObject({ memberCount: 6 });
      expect(sorted(row.members.map((m: Row) => m.id))).toEqual(sorted([owner, admin, stays, leaver, ...newcomers]));
      expect(tablesChanged(diff)).toEqual(sorted(['channel', 'channel_member', 'outbox', 'user_conversation_view', 'user_view_state']));
      expect(diff.channel.added).toEqual([expect.objectContaining({ id: Number(group), member_count: 6, info_ver: 1 })]);
      expect(diff.outbox.added).toEqual([expect.objectContaining({ type: 'GroupMembersAdded', aggregate_id: Number(group) })]);

      const memberships = diff.channel_member.added as Row[];
      expect(ids(memberships)).toEqual(sorted([...newcomers, leaver]));
      const joinedAt = memberships[0].joined_at;
      for (const membership of memberships) {
        expect(membership).toEqual({
          channel_id: Number(group), user_id: membership.user_id, role: 'MEMBER', joined_at: joinedAt, left_at: 0,
          is_pinned: false, is_muted: false, is_hidden: false, closed_at: 0, last_read_message_id: Number(lastMessage),
          pinned_at: 0, is_archived: false, marked_unread: false, draft: '', draft_at: 0,
        });
      }
      expect(ids(diff.channel_member.removed)).toEqual([leaver]);

      const views = diff.user_conversation_view.added as Row[];
      // every row of the group: current members, the re-added one, and the one still gone
      expect(ids(views)).toEqual(sorted([owner, admin, stays, leaver, alsoLeft, ...newcomers]));
      for (const view of views) expect(view.member_count).toBe(6);
      for (const joiner of [...newcomers, leaver]) {
        expect(rowOf(views, joiner)).toMatchObject({
          channel_type: 'GROUP', group_name: 'Team', closed_at: 0, is_pinned: false, is_muted: false, is_hidden: false,
          unread_count: 0, last_message_id: Number(lastMessage), last_message_preview: 'while they were away',
          last_read_message_id: Number(lastMessage),
        });
      }
      expect(rowOf(views, alsoLeft).closed_at).toBeGreaterThan(0);
      expect(ids(diff.user_conversation_view.removed)).toEqual(sorted([owner, admin, stays, leaver, alsoLeft]));
      expect(ids(diff.user_view_state.added)).toEqual(sorted([owner, admin, stays, leaver, alsoLeft, ...newcomers]));

      // From now on the newcomers and the returning member get the group's messages.
      await sendMessage(gateway, stays, group, 'welcome');
      for (const joiner of [...newcomers, leaver]) {
        const list = await gateway.graphql(LIST, {}, joiner);
        expect(list.data.conversations.edges).toEqual([{ node: { id: group, title: 'Team', memberCount: 6, unreadCount: 1 } }]);
      }
    });

    it('an admin adds a member', async () => {
      const { group, admin } = await team(1);
      const newcomer = await registerUser(gateway);
      const { row, diff } = await changes(gateway, 'addGroupMembers', { conversationId: group, memberIds: [newcomer] }, admin);
      expect(row.memberCount).toBe(4);
      expect(diff.channel_member.added).toEqual([expect.objectContaining({ user_id: Number(newcomer), role: 'MEMBER' })]);
    });

    it('a plain member cannot add members', async () => {
      const { group, members } = await team(1);
      const newcomer = await registerUser(gateway);
      await expectRefused(gateway, 'addGroupMembers', { conversationId: group, memberIds: [newcomer] }, members[0], 'FORBIDDEN', 'NOT_GROUP_ADMIN');
    });

    it('adding someone already in the group, or a user who does not exist, is refused', async () => {
      const { group, owner, members } = await team(1);
      const newcomer = await registerUser(gateway);
      await expectRefused(gateway, 'addGroupMembers', { conversationId: group, memberIds: [newcomer, members[0]] }, owner, 'CONFLICT', 'ALREADY_A_MEMBER');
      await expectRefused(gateway, 'addGroupMembers', { conversationId: group, memberIds: [owner] }, owner, 'CONFLICT', 'ALREADY_A_MEMBER');
      await expectRefused(gateway, 'addGroupMembers', { conversationId: group, memberIds: [newcomer, '987654321'] }, owner, 'NOT_FOUND', 'USER_NOT_FOUND');
      await expectRefused(gateway, 'addGroupMembers', { conversationId: group, memberIds: [] }, owner, 'BAD_USER_INPUT', 'NO_MEMBERS');
    });
  });

  describe('removing a member', () => {
    it('the owner removes an admin: their row closes read and frozen, everyone else sees one member less', async () => {
      const { group, owner, admin, members, everyone } = await team(2);
      await leave(group, members[1]);
      const seen = await sendMessage(gateway, members[0], group, 'last thing the admin sees');
      const adminRowBefore = (await gateway.graphql(LIST, {}, admin)).data.conversations.edges[0].node;
      expect(adminRowBefore.unreadCount).toBe(1);

      const { row, diff } = await changes(gateway, 'removeGroupMember', { conversationId: group, memberId: admin }, owner);

      expect(row).toMatchObject({ memberCount: 2, closedAt: null });
      expect(sorted(row.members.map((m: Row) => m.id))).toEqual(sorted([owner, members[0]]));
      expect(tablesChanged(diff)).toEqual(sorted(['channel', 'channel_member', 'outbox', 'user_conversation_view', 'user_view_state']));
      expect(diff.channel.added).toEqual([expect.objectContaining({ member_count: 2, last_message_id: Number(seen) })]);
      const [membership] = diff.channel_member.added as Row[];
      expect(diff.channel_member.added).toHaveLength(1);
      expect(membership).toMatchObject({ user_id: Number(admin), role: 'ADMIN', last_read_message_id: Number(seen) });
      expect(membership.left_at).toBeGreaterThan(0);
      expect(diff.outbox.added).toEqual([expect.objectContaining({ type: 'GroupMemberLeft', aggregate_id: Number(group) })]);
      expect((diff.outbox.added[0] as Row).payload).toMatchObject({ memberId: admin, removedBy: owner, memberCount: 2 });

      const views = diff.user_conversation_view.added as Row[];
      expect(ids(views)).toEqual(sorted(everyone));
      for (const view of views) expect(view.member_count).toBe(2);
      expect(rowOf(views, admin)).toMatchObject({
        closed_at: membership.left_at, unread_count: 0, last_read_message_id: Number(seen),
        last_message_id: Number(seen), last_message_preview: 'last thing the admin sees',
      });
      expect(ids(diff.user_view_state.added)).toEqual(sorted(everyone));

      // Gone from the admin's list; later messages neither reach them nor may come from them.
      expect((await gateway.graphql(LIST, {}, admin)).data.conversations.edges).toEqual([]);
      const before = await snapshotTables(gateway.database);
      await sendMessage(gateway, members[0], group, 'after the admin left');
      const after = diffSnapshots(before, await snapshotTables(gateway.database));
      expect(ids(after.user_conversation_view.added)).toEqual(sorted([owner, members[0]]));
      const send = await gateway.graphql(
        'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
        { input: { conversationId: group, body: 'let me back' } },
        admin,
      );
      expect(send.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_MEMBER' });
    });

    it('an admin removes a plain member', async () => {
      const { group, admin, members } = await team(2);
      const { row, diff } = await changes(gateway, 'removeGroupMember', { conversationId: group, memberId: members[0] }, admin);
      expect(row.memberCount).toBe(3);
      expect(diff.channel_member.added).toEqual([expect.objectContaining({ user_id: Number(members[0]), role: 'MEMBER' })]);
    });

    it('an admin cannot remove the owner', async () => {
      const { group, owner, admin } = await team(1);
      await expectRefused(gateway, 'removeGroupMember', { conversationId: group, memberId: owner }, admin, 'FORBIDDEN', 'CANNOT_REMOVE_OWNER');
    });

    it('an admin cannot remove another admin', async () => {
      // first created it, handed it to second, who handed it to owner: first and second are admins
      const [first, second, owner] = await registerUsers(gateway, 3);
      const group = await createGroup(gateway, first, [second, owner]);
      await mutate(gateway, 'transferGroupOwnership', { conversationId: group, memberId: second }, first);
      await mutate(gateway, 'transferGroupOwnership', { conversationId: group, memberId: owner }, second);
      await expectRefused(gateway, 'removeGroupMember', { conversationId: group, memberId: second }, first, 'FORBIDDEN', 'NOT_GROUP_OWNER');
    });

    it('a plain member cannot remove anyone', async () => {
      const { group, members } = await team(2);
      await expectRefused(gateway, 'removeGroupMember', { conversationId: group, memberId: members[1] }, members[0], 'FORBIDDEN', 'NOT_GROUP_ADMIN');
    });

    it('the owner cannot remove themself, nor someone who is not in the group', async () => {
      const { group, owner, members } = await team(2);
      const outsider = await registerUser(gateway);
      await leave(group, members[1]);
      await expectRefused(gateway, 'removeGroupMember', { conversationId: group, memberId: owner }, owner, 'BAD_USER_INPUT', 'CANNOT_REMOVE_YOURSELF');
      await expectRefused(gateway, 'removeGroupMember', { conversationId: group, memberId: outsider }, owner, 'NOT_FOUND', 'MEMBER_NOT_FOUND');
      await expectRefused(gateway, 'removeGroupMember', { conversationId: group, memberId: members[1] }, owner, 'NOT_FOUND', 'MEMBER_NOT_FOUND');
    });
  });

  describe('leaving a group', () => {
    it('a member leaves: their row closes, the others see one member less', async () => {
      const { group, owner, members, everyone } = await team(2);
      const seen = await sendMessage(gateway, owner, group, 'bye?');

      const { row, diff } = await changes(gateway, 'leaveGroup', { conversationId: group }, members[0]);

      expect(row).toMatchObject({ id: group, memberCount: 3, unreadCount: 0, lastMessage: { id: seen } });
      expect(row.closedAt).not.toBeNull();
      expect(tablesChanged(diff)).toEqual(sorted(['channel', 'channel_member', 'outbox', 'user_conversation_view', 'user_view_state']));
      expect(diff.channel_member.added).toEqual([
        expect.objectContaining({ user_id: Number(members[0]), last_read_message_id: Number(seen) }),
      ]);
      expect(diff.channel.added).toEqual([expect.objectContaining({ member_count: 3 })]);
      expect((diff.outbox.added[0] as Row).payload).toMatchObject({ memberId: members[0], removedBy: null });
      expect(ids(diff.user_conversation_view.added)).toEqual(sorted(everyone));
      expect(ids(diff.user_view_state.added)).toEqual(sorted(everyone));
      expect((await gateway.graphql(LIST, {}, members[0])).data.conversations.edges).toEqual([]);
      expect((await gateway.graphql(LIST, {}, owner)).data.conversations.edges[0].node.memberCount).toBe(3);
    });

    it('the owner cannot leave, and nobody can leave twice', async () => {
      const { group, owner, members } = await team(1);
      await expectRefused(gateway, 'leaveGroup', { conversationId: group }, owner, 'CONFLICT', 'OWNER_CANNOT_LEAVE');
      await leave(group, members[0]);
      await expectRefused(gateway, 'leaveGroup', { conversationId: group }, members[0], 'FORBIDDEN', 'NOT_A_MEMBER');
    });
  });

  describe('transferring ownership', () => {
    it('the owner hands the group over and becomes an admin: roles change, no view row does', async () => {
      const { group, owner, members } = await team(2);
      const { row, diff } = await changes(gateway, 'transferGroupOwnership', { conversationId: group, memberId: members[0] }, owner);
      expect(row).toMatchObject({ id: group, memberCount: 4 });
      expect(tablesChanged(diff)).toEqual(sorted(['channel', 'channel_member', 'outbox']));
      expect(diff.channel.added).toEqual([expect.objectContaining({ owner_id: Number(members[0]) })]);
      expect(diff.channel_member.added).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ user_id: Number(owner), role: 'ADMIN' }),
          expect.objectContaining({ user_id: Number(members[0]), role: 'OWNER' }),
        ]),
      );
      expect(diff.channel_member.added).toHaveLength(2);
      expect(diff.outbox.added).toEqual([expect.objectContaining({ type: 'GroupOwnershipTransferred' })]);

      // The old owner is an admin now: can rename, cannot dissolve; the new owner can leave no more.
      await expectRefused(gateway, 'dissolveGroup', { conversationId: group }, owner, 'FORBIDDEN', 'NOT_GROUP_OWNER');
      await expectRefused(gateway, 'leaveGroup', { conversationId: group }, members[0], 'CONFLICT', 'OWNER_CANNOT_LEAVE');
      expect((await mutate(gateway, 'renameGroup', { conversationId: group, name: 'Renamed by admin' }, owner)).errors).toBeUndefined();
    });

    it('an admin cannot transfer ownership', async () => {
      const { group, admin, members } = await team(1);
      await expectRefused(gateway, 'transferGroupOwnership', { conversationId: group, memberId: members[0] }, admin, 'FORBIDDEN', 'NOT_GROUP_OWNER');
    });

    it('ownership only goes to a current member other than the owner', async () => {
      const { group, owner, members } = await team(2);
      const outsider = await registerUser(gateway);
      await leave(group, members[1]);
      await expectRefused(gateway, 'transferGroupOwnership', { conversationId: group, memberId: outsider }, owner, 'NOT_FOUND', 'MEMBER_NOT_FOUND');
      await expectRefused(gateway, 'transferGroupOwnership', { conversationId: group, memberId: members[1] }, owner, 'NOT_FOUND', 'MEMBER_NOT_FOUND');
      await expectRefused(gateway, 'transferGroupOwnership', { conversationId: group, memberId: owner }, owner, 'BAD_USER_INPUT', 'CANNOT_TRANSFER_TO_YOURSELF');
    });
  });

  describe('dissolving a group', () => {
    it('the owner dissolves the group: every member\'s row closes, a former member\'s row stays as it was', async () => {
      const { group, owner, admin, members } = await team(2);
      await sendMessage(gateway, members[0], group, 'last words');
      await leave(group, members[1]);
      const current = [owner, admin, members[0]];

      const { row, diff } = await changes(gateway, 'dissolveGroup', { conversationId: group }, owner);

      expect(row.closedAt).not.toBeNull();
      expect(tablesChanged(diff)).toEqual(sorted(['channel', 'outbox', 'user_conversation_view', 'user_view_state']));
      const [channel] = diff.channel.added as Row[];
      expect(channel.dissolved_at).toBeGreaterThan(0);
      expect(channel.member_count).toBe(3);
      expect(diff.outbox.added).toEqual([expect.objectContaining({ type: 'GroupDissolved', aggregate_id: Number(group) })]);
      const views = diff.user_conversation_view.added as Row[];
      expect(ids(views)).toEqual(sorted(current));
      for (const view of views) expect(view.closed_at).toBe(channel.dissolved_at);
      expect(ids(diff.user_view_state.added)).toEqual(sorted(current));
      for (const member of current) expect((await gateway.graphql(LIST, {}, member)).data.conversations.edges).toEqual([]);
    });

    it('nothing more happens in a dissolved group', async () => {
      const { group, owner, admin, members } = await team(1);
      await changes(gateway, 'dissolveGroup', { conversationId: group }, owner);
      const newcomer = await registerUser(gateway);
      const refusedAs = (name: GroupMutation, input: Record<string, unknown>, as: string) =>
        expectRefused(gateway, name, { conversationId: group, ...input }, as, 'CONFLICT', 'CONVERSATION_DISSOLVED');
      await refusedAs('renameGroup', { name: 'Zombie' }, admin);
      await refusedAs('addGroupMembers', { memberIds: [newcomer] }, owner);
      await refusedAs('removeGroupMember', { memberId: members[0] }, owner);
      await refusedAs('leaveGroup', {}, members[0]);
      await refusedAs('transferGroupOwnership', { memberId: admin }, owner);
      await refusedAs('dissolveGroup', {}, owner);
      const send = await gateway.graphql(
        'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
        { input: { conversationId: group, body: 'anyone?' } },
        members[0],
      );
      expect(send.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'CONVERSATION_DISSOLVED' });
    });

    it('an admin cannot dissolve the group', async () => {
      const { group, admin } = await team(1);
      await expectRefused(gateway, 'dissolveGroup', { conversationId: group }, admin, 'FORBIDDEN', 'NOT_GROUP_OWNER');
    });
  });

  it('renames and member changes during a stream of messages leave every view consistent', async () => {
    const { group, owner, admin, members } = await team(6);
    const newcomers = await registerUsers(gateway, 2);
    const results = await Promise.all([
      // one sender: a sender's own unread count is not what this test is about
      ...[0, 1, 2, 3].map((i) => gateway.graphql(
        'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
        { input: { conversationId: group, body: `message ${i}` } },
        members[0],
      )),
      mutate(gateway, 'renameGroup', { conversationId: group, name: 'Busy' }, admin),
      mutate(gateway, 'addGroupMembers', { conversationId: group, memberIds: newcomers }, owner),
      mutate(gateway, 'leaveGroup', { conversationId: group }, members[5]),
      mutate(gateway, 'removeGroupMember', { conversationId: group, memberId: members[4] }, admin),
      mutate(gateway, 'setGroupAvatar', { conversationId: group, avatarUrl: 'https://cdn.example/busy.png' }, owner),
    ]);
    for (const result of results) expect(result.errors).toBeUndefined();
  });
});

describe('a group of 300 members on many shards', () => {
  let gateway: TestGateway;
  let statements: string[] = [];
  let owner: string;
  let members: string[];
  let group: string;

  beforeAll(async () => {
    gateway = await startTestGateway({ onQuery: (sql) => statements.push(sql) });
    const commandBus = gateway.app.get(CommandBus);
    const users: string[] = [];
    for (let i = 0; i < 300; i++) {
      const user = await commandBus.execute(new RegisterUserCommand(`fan_${i}`, `Fan ${i}`));
      users.push(String(user.id));
    }
    [owner, ...members] = users;
    group = await createGroup(gateway, owner, members, 'Fan club');
  }, 180_000);
  afterEach(async () => {
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });
  afterAll(() => gateway.close());

  /** The statements that wrote conversation-view partitions, each with the partitions it named. */
  function viewWrites(sql: string[]) {
    return sql
      .map((statement) => [...statement.matchAll(/(?:UPDATE|INSERT INTO)\s+user_conversation_view_(\d+)\b/g)].map((m) => m[1]))
      .filter((shards) => shards.length > 0);
  }

  /** All 256 partitions written, each exactly once, by 8 statements of 32 shards (not 256 round trips). */
  function expectFewStatementsOverEveryShard(writes: string[][]) {
    expect(writes).toHaveLength(8);
    for (const shards of writes) expect(shards).toHaveLength(32);
    expect(writes.flat()).toHaveLength(256);
    expect(new Set(writes.flat()).size).toBe(256);
  }

  it('spans every shard (the point of this test)', () => {
    expect(new Set([owner, ...members].map((id) => shardOf(BigInt(id)))).size).toBe(256);
  });

  it('a rename reaches all 300 rows in a few statements of many shards each', async () => {
    statements = [];
    const { row, diff } = await changes(gateway, 'renameGroup', { conversationId: group, name: 'Fan club ✨' }, owner);
    expect(row.title).toBe('Fan club ✨');
    expect(ids(diff.user_conversation_view.added)).toEqual(sorted([owner, ...members]));
    for (const view of diff.user_conversation_view.added as Row[]) expect(view).toMatchObject({ group_name: 'Fan club ✨', channel_info_ver: 2 });
    expectFewStatementsOverEveryShard(viewWrites(statements));
    expect(tablesChanged(diff)).toEqual(sorted(['channel', 'outbox', 'user_conversation_view', 'user_view_state']));
  });

  it('a removal updates the member count of all 300 rows in a few statements of many shards each', async () => {
    statements = [];
    const { row, diff } = await changes(gateway, 'removeGroupMember', { conversationId: group, memberId: members[150] }, owner);
    expect(row.memberCount).toBe(299);
    expect(ids(diff.user_conversation_view.added)).toEqual(sorted([owner, ...members]));
    expectFewStatementsOverEveryShard(viewWrites(statements));
  });

  it('the group cannot grow past 500 members', async () => {
    const commandBus = gateway.app.get(CommandBus);
    const more: string[] = [];
    for (let i = 0; i < 202; i++) more.push(String((await commandBus.execute(new RegisterUserCommand(`more_${i}`, `More ${i}`))).id));
    // 299 members now: 201 more would be 500 and fit; 202 would not.
    await expectRefused(gateway, 'addGroupMembers', { conversationId: group, memberIds: more }, owner, 'BAD_USER_INPUT', 'GROUP_TOO_LARGE');
    const { row } = await changes(gateway, 'addGroupMembers', { conversationId: group, memberIds: more.slice(0, 201) }, owner);
    expect(row.memberCount).toBe(500);
  }, 180_000);
});
