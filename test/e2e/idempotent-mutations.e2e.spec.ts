import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { befriend, registerUser } from '../support/factories.js';
import { snapshotTables } from '../support/table-snapshot.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id body sentAt } }`;

describe('a mobile client retrying a mutation with the same idempotencyKey', () => {
  let gateway: TestGateway;
  let ann: string;
  let chat: string;

  beforeAll(async () => {
    gateway = await startTestGateway();
    ann = await registerUser(gateway);
    const ben = await registerUser(gateway);
    chat = await befriend(gateway, ann, ben);
  });
  afterAll(() => gateway.close());

  it('gets the first result again, and nothing is written twice', async () => {
    const input = { conversationId: chat, body: 'only once', idempotencyKey: 'msg-0001-abcdef' };
    const first = await gateway.graphql(SEND, { input }, ann);
    const before = await snapshotTables(gateway.database);
    const retry = await gateway.graphql(SEND, { input }, ann);
    expect(retry).toEqual(first);
    expect(await snapshotTables(gateway.database)).toEqual(before);
  });

  it('concurrent retries still send one message', async () => {
    const input = { conversationId: chat, body: 'burst', idempotencyKey: 'msg-0002-abcdef' };
    const responses = await Promise.all(Array.from({ length: 5 }, () => gateway.graphql(SEND, { input }, ann)));
    expect(new Set(responses.map((r) => r.data.sendMessage.id)).size).toBe(1);
    expect(await gateway.database.prisma.message.count({ where: { body: 'burst' } })).toBe(1);
  });

  it('a different user may use the same key for their own mutation', async () => {
    const other = await registerUser(gateway);
    const ownChat = await befriend(gateway, other, ann);
    const response = await gateway.graphql(SEND, { input: { conversationId: ownChat, body: 'mine', idempotencyKey: 'msg-0001-abcdef' } }, other);
    expect(response.data.sendMessage.body).toBe('mine');
  });

  it('the same key on a different mutation is a conflict that writes nothing', async () => {
    const before = await snapshotTables(gateway.database);
    const response = await gateway.graphql(
      'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }',
      { input: { nickname: 'Reused', idempotencyKey: 'msg-0001-abcdef' } },
      ann,
    );
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await snapshotTables(gateway.database)).toEqual(before);
  });

  it('a malformed key is bad input', async () => {
    const response = await gateway.graphql(SEND, { input: { conversationId: chat, body: 'x', idempotencyKey: 'short' } }, ann);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_IDEMPOTENCY_KEY' });
  });
});
