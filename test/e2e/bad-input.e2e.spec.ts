import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { befriend, registerUser, sendFriendRequest } from '../support/factories.js';
import { snapshotTables } from '../support/table-snapshot.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * Every refused request answers a GraphQL error with a stable code and a clear message, and
 * leaves every table exactly as it was (write side, views, reverse indexes, outbox).
 */
describe('a request the gateway refuses', () => {
  let gateway: TestGateway;
  let alice: string;
  let bob: string;
  let carol: string;
  let aliceAndBob: string;
  let pendingFromCarol: string;

  beforeAll(async () => {
    gateway = await startTestGateway();
    alice = await registerUser(gateway, 'Alice');
    bob = await registerUser(gateway, 'Bob');
    carol = await registerUser(gateway, 'Carol');
    aliceAndBob = await befriend(gateway, alice, bob);
    pendingFromCarol = await sendFriendRequest(gateway, carol, alice);
  });
  afterAll(() => gateway.close());

  const mutation = (name: string, inputType: string) =>
    `mutation($input: ${inputType}!) { ${name}(input: $input) { __typename } }`;

  const cases: Array<{
    what: string;
    query: () => string;
    variables: () => Record<string, unknown>;
    as: () => string | undefined;
    code: string;
    reason?: string;
  }> = [
    {
      what: 'reading conversations without a token',
      query: () => '{ conversations { edges { cursor } } }',
      variables: () => ({}),
      as: () => undefined,
      code: 'UNAUTHENTICATED',
      reason: 'MISSING_TOKEN',
    },
    {
      what: 'sending a message without a token',
      query: () => mutation('sendMessage', 'SendMessageInput'),
      variables: () => ({ input: { conversationId: aliceAndBob, body: 'hi' } }),
      as: () => undefined,
      code: 'UNAUTHENTICATED',
    },
    {
      what: 'befriending an unknown user',
      query: () => mutation('sendFriendRequest', 'SendFriendRequestInput'),
      variables: () => ({ input: { toUserId: '999999' } }),
      as: () => alice,
      code: 'NOT_FOUND',
      reason: 'USER_NOT_FOUND',
    },
    {
      what: 'befriending yourself',
      query: () => mutation('sendFriendRequest', 'SendFriendRequestInput'),
      variables: () => ({ input: { toUserId: alice } }),
      as: () => alice,
      code: 'BAD_USER_INPUT',
      reason: 'SELF_FRIEND_REQUEST',
    },
    {
      what: 'a second request to someone who has not answered yet',
      query: () => mutation('sendFriendRequest', 'SendFriendRequestInput'),
      variables: () => ({ input: { toUserId: alice } }),
      as: () => carol,
      code: 'CONFLICT',
      reason: 'DUPLICATE_FRIEND_REQUEST',
    },
    {
      what: 'a request to someone who is already a friend',
      query: () => mutation('sendFriendRequest', 'SendFriendRequestInput'),
      variables: () => ({ input: { toUserId: bob } }),
      as: () => alice,
      code: 'CONFLICT',
      reason: 'ALREADY_FRIENDS',
    },
    {
      what: 'accepting a request that was sent to someone else',
      query: () => mutation('acceptFriendRequest', 'FriendRequestInput'),
      variables: () => ({ input: { requestId: pendingFromCarol } }),
      as: () => bob,
      code: 'NOT_FOUND',
      reason: 'FRIEND_REQUEST_NOT_FOUND',
    },
    {
      what: 'a message to a conversation you are not in',
      query: () => mutation('sendMessage', 'SendMessageInput'),
      variables: () => ({ input: { conversationId: aliceAndBob, body: 'let me in' } }),
      as: () => carol,
      code: 'FORBIDDEN',
      reason: 'NOT_A_MEMBER',
    },
    {
      what: 'a message to a conversation that does not exist',
      query: () => mutation('sendMessage', 'SendMessageInput'),
      variables: () => ({ input: { conversationId: '424242', body: 'anyone?' } }),
      as: () => alice,
      code: 'NOT_FOUND',
    },
    {
      what: 'an empty message',
      query: () => mutation('sendMessage', 'SendMessageInput'),
      variables: () => ({ input: { conversationId: aliceAndBob, body: '   ' } }),
      as: () => alice,
      code: 'BAD_USER_INPUT',
      reason: 'EMPTY_MESSAGE',
    },
    {
      what: 'an over-long message',
      query: () => mutation('sendMessage', 'SendMessageInput'),
      variables: () => ({ input: { conversationId: aliceAndBob, body: 'x'.repeat(4001) } }),
      as: () => alice,
      code: 'BAD_USER_INPUT',
      reason: 'MESSAGE_TOO_LONG',
    },
    {
      what: 'an empty nickname',
      query: () => mutation('updateProfile', 'UpdateProfileInput'),
      variables: () => ({ input: { nickname: ' ' } }),
      as: () => alice,
      code: 'BAD_USER_INPUT',
      reason: 'EMPTY_NICKNAME',
    },
    {
      what: 'an over-long nickname',
      query: () => mutation('updateProfile', 'UpdateProfileInput'),
      variables: () => ({ input: { nickname: 'n'.repeat(65) } }),
      as: () => alice,
      code: 'BAD_USER_INPUT',
      reason: 'NICKNAME_TOO_LONG',
    },
    {
      what: 'an avatar that is not a URL',
      query: () => mutation('updateProfile', 'UpdateProfileInput'),
      variables: () => ({ input: { avatarUrl: 'javascript:alert(1)' } }),
      as: () => alice,
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_AVATAR_URL',
    },
    {
      what: 'a username that is taken',
      query: () => mutation('registerUser', 'RegisterUserInput'),
      variables: () => ({ input: { username: 'taken_name', nickname: 'Copycat' } }),
      as: () => undefined,
      code: 'CONFLICT',
      reason: 'USERNAME_TAKEN',
    },
    {
      what: 'a group with an unknown member',
      query: () => mutation('createGroup', 'CreateGroupInput'),
      variables: () => ({ input: { name: 'Ghosts', memberIds: [bob, '31337'] } }),
      as: () => alice,
      code: 'NOT_FOUND',
      reason: 'USER_NOT_FOUND',
    },
    {
      what: 'an id that is not a number',
      query: () => mutation('sendMessage', 'SendMessageInput'),
      variables: () => ({ input: { conversationId: "1; DROP TABLE message", body: 'hi' } }),
      as: () => alice,
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_ID',
    },
    {
      what: 'a page size over the limit',
      query: () => '{ conversations(first: 1000) { edges { cursor } } }',
      variables: () => ({}),
      as: () => alice,
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_PAGE_SIZE',
    },
    {
      what: 'a cursor the list never handed out',
      query: () => '{ conversations(after: "bm90LWEtY3Vyc29y") { edges { cursor } } }',
      variables: () => ({}),
      as: () => alice,
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_CURSOR',
    },
    {
      what: 'a field that does not exist',
      query: () => '{ conversations { edges { node { secretColumn } } } }',
      variables: () => ({}),
      as: () => alice,
      code: 'GRAPHQL_VALIDATION_FAILED',
    },
  ];

  it.each(cases)('$what → $code, and nothing is written', async ({ query, variables, as, code, reason }) => {
    if (reason === 'USERNAME_TAKEN') {
      await gateway.graphql(mutation('registerUser', 'RegisterUserInput'), {
        input: { username: 'taken_name', nickname: 'First' },
      });
    }
    const before = await snapshotTables(gateway.database);
    const response = await gateway.graphql(query(), variables(), as());
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    expect(error.extensions?.code).toBe(code);
    if (reason) expect(error.extensions?.reason).toBe(reason);
    expect(error.message.length).toBeGreaterThan(10);
    expect(await snapshotTables(gateway.database)).toEqual(before);
  });

  it('refuses a forged token', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string; reason: string } }> };
    expect(body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_TOKEN' });
  });
});
