import { operation } from './operations.js';
import type { TestGateway } from './test-gateway.js';

/**
 * Small factories that build a world through the public GraphQL API, as a client would.
 * Each returns ids as the API does (strings) and fails loudly if the gateway refuses. They send
 * the operations of `operations/`, the ones our own clients ship.
 */
let sequence = 0;

function ok<T>(response: { data?: T; errors?: unknown[] }, what: string): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`${what} failed: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

export async function registerUser(gateway: TestGateway, nickname?: string): Promise<string> {
  const n = ++sequence;
  const data = ok(
    await gateway.graphql<{ registerUser: { id: string } }>(
      operation('RegisterUser'),
      { input: { username: `user_${process.pid}_${n}`, nickname: nickname ?? `User ${n}` } },
    ),
    'registerUser',
  );
  return data.registerUser.id;
}

export async function registerUsers(gateway: TestGateway, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await registerUser(gateway));
  return ids;
}

export async function sendFriendRequest(gateway: TestGateway, from: string, to: string): Promise<string> {
  const data = ok(
    await gateway.graphql<{ sendFriendRequest: { id: string } }>(
      operation('SendFriendRequest'),
      { input: { toUserId: to, message: 'hello' } },
      from,
    ),
    'sendFriendRequest',
  );
  return data.sendFriendRequest.id;
}

/** `from` asks, `to` accepts; returns the direct conversation's id. */
export async function befriend(gateway: TestGateway, from: string, to: string): Promise<string> {
  const requestId = await sendFriendRequest(gateway, from, to);
  const data = ok(
    await gateway.graphql<{ acceptFriendRequest: { conversation: { id: string } } }>(
      operation('AcceptFriendRequest'),
      { input: { requestId } },
      to,
    ),
    'acceptFriendRequest',
  );
  return data.acceptFriendRequest.conversation.id;
}

export async function createGroup(gateway: TestGateway, owner: string, memberIds: string[], name = 'A group'): Promise<string> {
  const data = ok(
    await gateway.graphql<{ createGroup: { id: string } }>(
      operation('CreateGroup'),
      { input: { name, memberIds } },
      owner,
    ),
    'createGroup',
  );
  return data.createGroup.id;
}

export async function sendMessage(gateway: TestGateway, from: string, conversationId: string, body = 'hi'): Promise<string> {
  const data = ok(
    await gateway.graphql<{ sendMessage: { id: string } }>(
      operation('SendMessage'),
      { input: { conversationId, body } },
      from,
    ),
    'sendMessage',
  );
  return data.sendMessage.id;
}
