import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { befriend, registerUser, sendFriendRequest, sendMessage } from '../support/factories.js';
import { diffSnapshots, snapshotTables, type TableSnapshot } from '../support/table-snapshot.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { NO_DIFFERENCES, viewDifferences } from '../support/view-consistency.js';

const REQUEST = (name: string) =>
  `mutation($input: FriendRequestInput!) { ${name}(input: $input) { id status fromUserId toUserId } }`;
const REMOVE = `mutation($input: UserInput!) { removeFriend(input: $input) { id title peerIsContact lastMessage { preview } } }`;
const REMARK = `mutation($input: SetContactRemarkInput!) { setContactRemark(input: $input) { id remark displayName nickname } }`;
const BLOCK = (name: string) => `mutation($input: UserInput!) { ${name}(input: $input) { userId blocked } }`;
const SEND_REQUEST = `mutation($input: SendFriendRequestInput!) { sendFriendRequest(input: $input) { id status } }`;
const SEND_MESSAGE = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }`;

describe('friends and contacts', () => {
  let gateway: TestGateway;
  let before: TableSnapshot;
  const changes = async () => diffSnapshots(before, await snapshotTables(gateway.database));

  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(() => gateway.close());
  beforeEach(async () => {
    before = await snapshotTables(gateway.database);
  });

  describe('answering a request', () => {
    it('declining one sent to me settles it and changes nothing else', async () => {
      const [ann, ben] = [await registerUser(gateway), await registerUser(gateway)];
      const requestId = await sendFriendRequest(gateway, ann, ben);
      before = await snapshotTables(gateway.database);
      const response = await gateway.graphql(REQUEST('declineFriendRequest'), { input: { requestId } }, ben);
      expect(response.data.declineFriendRequest).toEqual({ id: requestId, status: 'DECLINED', fromUserId: ann, toUserId: ben });
      const diff = await changes();
      expect(Object.keys(diff).sort()).toEqual(['friend_request', 'outbox']);
      expect(diff.outbox.added).toEqual([expect.objectContaining({ type: 'FriendRequestDeclined' })]);
    });

    it('cancelling my own request withdraws it; the recipient can no longer accept it', async () => {
      const [ann, ben] = [await registerUser(gateway), await registerUser(gateway)];
      const requestId = await sendFriendRequest(gateway, ann, ben);
      before = await snapshotTables(gateway.database);
      const response = await gateway.graphql(REQUEST('cancelFriendRequest'), { input: { requestId } }, ann);
      expect(response.data.cancelFriendRequest.status).toBe('CANCELED');
      expect(Object.keys(await changes()).sort()).toEqual(['friend_request', 'outbox']);
      const late = await gateway.graphql(
        'mutation($input: FriendRequestInput!) { acceptFriendRequest(input: $input) { request { id } } }',
        { input: { requestId } },
        ben,
      );
      expect(late.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'FRIEND_REQUEST_NOT_PENDING' });
    });

    it('only the sender can cancel, only the recipient can decline', async () => {
      const [ann, ben] = [await registerUser(gateway), await registerUser(gateway)];
      const requestId = await sendFriendRequest(gateway, ann, ben);
      before = await snapshotTables(gateway.database);
      const wrongCancel = await gateway.graphql(REQUEST('cancelFriendRequest'), { input: { requestId } }, ben);
      const wrongDecline = await gateway.graphql(REQUEST('declineFriendRequest'), { input: { requestId } }, ann);
      for (const response of [wrongCancel, wrongDecline]) {
        expect(response.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'FRIEND_REQUEST_NOT_FOUND' });
      }
      expect(await changes()).toEqual({});
    });

    it('asking someone who already asked me accepts their request: one friendship, one channel', async () => {
      const [ann, ben] = [await registerUser(gateway), await registerUser(gateway)];
      const theirs = await sendFriendRequest(gateway, ann, ben);
      const response = await gateway.graphql(SEND_REQUEST, { input: { toUserId: ann } }, ben);
      expect(response.data.sendFriendRequest).toEqual({ id: theirs, status: 'ACCEPTED' });
      const contacts = await gateway.graphql('{ contacts { edges { node { id } } } }', {}, ann);
      expect(contacts.data.contacts.edges).toEqual([{ node: { id: ben } }]);
      expect(await gateway.database.prisma.channel.count({ where: { type: 'DIRECT', directLowUserId: BigInt(ann) } })).toBe(1);
    });
  });

  describe('removing a friend', () => {
    it('tombstones both contact rows and keeps the direct conversation readable, marked', async () => {
      const [ann, ben] = [await registerUser(gateway, 'Ann'), await registerUser(gateway, 'Ben')];
      const chat = await befriend(gateway, ann, ben);
      await sendMessage(gateway, ben, chat, 'bye?');
      before = await snapshotTables(gateway.database);
      const response = await gateway.graphql(REMOVE, { input: { userId: ben } }, ann);
      expect(response.data.removeFriend).toEqual({ id: chat, title: 'Ben', peerIsContact: false, lastMessage: { preview: 'bye?' } });

      const diff = await changes();
      expect(Object.keys(diff).sort()).toEqual(['friendship', 'outbox', 'user_contact_view', 'user_conversation_view', 'user_view_state']);
      expect((diff.friendship.added as any[]).every((row) => row.deleted_at > 0)).toBe(true);
      expect((diff.user_contact_view.added as any[]).map((row) => [row.user_id, row.deleted_at > 0])).toEqual(
        expect.arrayContaining([[Number(ann), true], [Number(ben), true]]),
      );
      expect((diff.user_conversation_view.added as any[]).map((row) => row.peer_is_contact)).toEqual([false, false]);
      for (const viewer of [ann, ben]) {
        const lists = await gateway.graphql('{ contacts { edges { node { id } } } conversations { edges { node { id } } } }', {}, viewer);
        expect(lists.data.contacts.edges).toEqual([]);
        expect(lists.data.conversations.edges).toEqual([{ node: { id: chat } }]);
      }
      const message = await gateway.graphql(SEND_MESSAGE, { input: { conversationId: chat, body: 'hello?' } }, ben);
      expect(message.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_FRIENDS' });
      expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
    });

    it('befriending again revives the same channel, history and remark', async () => {
      const [ann, ben] = [await registerUser(gateway), await registerUser(gateway)];
      const chat = await befriend(gateway, ann, ben);
      await gateway.graphql(REMARK, { input: { friendId: ben, remark: 'Benji' } }, ann);
      await gateway.graphql(REMOVE, { input: { userId: ben } }, ann);
      expect(await befriend(gateway, ben, ann)).toBe(chat);
      const contacts = await gateway.graphql('{ contacts { edges { node { id displayName } } } }', {}, ann);
      expect(contacts.data.contacts.edges).toEqual([{ node: { id: ben, displayName: 'Benji' } }]);
      expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
    });

    it('someone who is not my friend cannot be removed', async () => {
      const [ann, ben] = [await registerUser(gateway), await registerUser(gateway)];
      before = await snapshotTables(gateway.database);
      const response = await gateway.graphql(REMOVE, { input: { userId: ben } }, ann);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FRIENDS' });
      expect(await changes()).toEqual({});
    });
  });

  describe('a remark', () => {
    it('names the friend in my contacts and titles our direct conversation, for me only', async () => {
      const [ann, ben] = [await registerUser(gateway, 'Ann'), await registerUser(gateway, 'Ben')];
      const chat = await befriend(gateway, ann, ben);
      before = await snapshotTables(gateway.database);
      const response = await gateway.graphql(REMARK, { input: { friendId: ben, remark: '  Big Ben ' } }, ann);
      expect(response.data.setContactRemark).toEqual({ id: ben, remark: 'Big Ben', displayName: 'Big Ben', nickname: 'Ben' });

      const diff = await changes();
      expect(Object.keys(diff).sort()).toEqual(['friendship', 'outbox', 'user_contact_view', 'user_conversation_view', 'user_view_state']);
      expect((diff.user_conversation_view.added as any[]).map((r) => [r.user_id, r.channel_id, r.remark])).toEqual([[Number(ann), Number(chat), 'Big Ben']]);
      expect((diff.user_view_state.added as any[]).map((r) => r.user_id)).toEqual([Number(ann)]);
      const asAnn = await gateway.graphql('{ conversations { edges { node { title } } } }', {}, ann);
      const asBen = await gateway.graphql('{ conversations { edges { node { title } } } }', {}, ben);
      expect(asAnn.data.conversations.edges).toEqual([{ node: { title: 'Big Ben' } }]);
      expect(asBen.data.conversations.edges).toEqual([{ node: { title: 'Ann' } }]);
      expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
    });

    it('is at most 64 characters and only for a friend', async () => {
      const [ann, ben] = [await registerUser(gateway), await registerUser(gateway)];
      before = await snapshotTables(gateway.database);
      const stranger = await gateway.graphql(REMARK, { input: { friendId: ben, remark: 'x' } }, ann);
      expect(stranger.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FRIENDS' });
      const long = await gateway.graphql(REMARK, { input: { friendId: ben, remark: 'x'.repeat(65) } }, ann);
      expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REMARK_TOO_LONG' });
      expect(await changes()).toEqual({});
    });
  });

  describe('blocking', () => {
    it('stops the blocked user\'s friend requests and direct messages, until unblocked', async () => {
      const [ann, ben, cat] = [await registerUser(gateway), await registerUser(gateway), await registerUser(gateway)];
      const chat = await befriend(gateway, ann, ben);
      before = await snapshotTables(gateway.database);
      expect((await gateway.graphql(BLOCK('blockUser'), { input: { userId: ben } }, ann)).data.blockUser).toEqual({ userId: ben, blocked: true });
      await gateway.graphql(BLOCK('blockUser'), { input: { userId: cat } }, ann);
      expect(Object.keys(await changes()).sort()).toEqual(['outbox', 'user_block']);

      before = await snapshotTables(gateway.database);
      const message = await gateway.graphql(SEND_MESSAGE, { input: { conversationId: chat, body: 'hey' } }, ben);
      expect(message.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'BLOCKED' });
      const request = await gateway.graphql(SEND_REQUEST, { input: { toUserId: ann } }, cat);
      expect(request.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'BLOCKED' });
      expect(await changes()).toEqual({});

      const mine = await gateway.graphql(SEND_MESSAGE, { input: { conversationId: chat, body: 'I can still talk' } }, ann);
      expect(mine.errors).toBeUndefined();
      expect((await gateway.graphql(BLOCK('unblockUser'), { input: { userId: ben } }, ann)).data.unblockUser).toEqual({ userId: ben, blocked: false });
      expect((await gateway.graphql(SEND_MESSAGE, { input: { conversationId: chat, body: 'thanks' } }, ben)).errors).toBeUndefined();
    });

    it('blocking yourself or nobody is refused; blocking twice writes nothing the second time', async () => {
      const [ann, ben] = [await registerUser(gateway), await registerUser(gateway)];
      await gateway.graphql(BLOCK('blockUser'), { input: { userId: ben } }, ann);
      before = await snapshotTables(gateway.database);
      expect((await gateway.graphql(BLOCK('blockUser'), { input: { userId: ann } }, ann)).errors?.[0].extensions?.reason).toBe('SELF_BLOCK');
      expect((await gateway.graphql(BLOCK('blockUser'), { input: { userId: '987654' } }, ann)).errors?.[0].extensions?.reason).toBe('USER_NOT_FOUND');
      expect((await gateway.graphql(BLOCK('blockUser'), { input: { userId: ben } }, ann)).data.blockUser.blocked).toBe(true);
      expect(await changes()).toEqual({});
    });
  });
});
