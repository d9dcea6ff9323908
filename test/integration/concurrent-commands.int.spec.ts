import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { befriend, createGroup, registerUsers } from '../support/factories.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { NO_DIFFERENCES, viewDifferences } from '../support/view-consistency.js';

const SEND_REQUEST = 'mutation($input: SendFriendRequestInput!) { sendFriendRequest(input: $input) { id status } }';
const SEND_MESSAGE = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }';
const RENAME = 'mutation($input: RenameGroupInput!) { renameGroup(input: $input) { id } }';
const PROFILE = 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }';

/** Many commands at once through the real gateway; afterwards the views must equal a recomputation. */
describe('commands running at the same moment', () => {
  let gateway: TestGateway;
  let users: string[];

  beforeAll(async () => {
    // Correctness under contention, not overload (pool-overload.int.spec.ts): commands may queue
    // for a connection behind the group's lock for as long as the machine needs.
    gateway = await startTestGateway({ config: { databasePoolSize: 8, databaseConnectTimeoutMs: 30_000 } });
    users = await registerUsers(gateway, 40);
  });
  afterAll(() => gateway.close());

  it('two people asking each other at the same moment become exactly one friendship', async () => {
    const pairs = Array.from({ length: 10 }, (_, i) => [users[2 * i], users[2 * i + 1]]);
    const responses = await Promise.all(
      pairs.flatMap(([a, b]) => [
        gateway.graphql(SEND_REQUEST, { input: { toUserId: b } }, a),
        gateway.graphql(SEND_REQUEST, { input: { toUserId: a } }, b),
      ]),
    );
    for (const response of responses) expect(response.errors).toBeUndefined();
    for (const [a, b] of pairs) {
      const [low, high] = [BigInt(a), BigInt(b)].sort((x, y) => (x < y ? -1 : 1));
      expect(await gateway.database.prisma.channel.count({ where: { directLowUserId: low, directHighUserId: high } })).toBe(1);
      expect(await gateway.database.prisma.friendship.count({ where: { userId: BigInt(a), friendId: BigInt(b), deletedAt: 0n } })).toBe(1);
    }
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });

  it('many senders into one group, a rename and profile changes in between, lose nothing', async () => {
    const [owner, ...members] = users.slice(20, 40);
    const group = await createGroup(gateway, owner, members, 'Storm');
    const friends = users.slice(0, 6);
    for (const friend of friends) await befriend(gateway, owner, friend).catch(() => undefined);

    const work = [
      ...members.flatMap((sender, i) =>
        [0, 1, 2].map((n) => gateway.graphql(SEND_MESSAGE, { input: { conversationId: group, body: `m${i}-${n}` } }, sender)),
      ),
      ...[1, 2, 3].map((n) => gateway.graphql(RENAME, { input: { conversationId: group, name: `Storm ${n}` } }, owner)),
      ...[1, 2, 3].map((n) => gateway.graphql(PROFILE, { input: { nickname: `Owner ${n}` } }, owner)),
    ];
    const responses = await Promise.all(work);
    for (const response of responses) expect(response.errors).toBeUndefined();

    expect(await gateway.database.prisma.message.count({ where: { channelId: BigInt(group) } })).toBe(members.length * 3);
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
    const metrics = gateway.app.get(GatewayMetrics);
    expect((await metrics.transactionRetriesExhausted.get()).values[0]?.value ?? 0).toBe(0);
  });
});
