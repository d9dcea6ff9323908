import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { createGroup, registerUser } from '../support/factories.js';
import { recordFigures } from '../support/reliability-figures.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/test-gateway.js';
import { viewDifferences } from '../support/view-consistency.js';

const SEED = 20_261_124;
const PAIRS = 200;
const GROUPS = 12;
/** Clients sending at once in the group race (more would only fill the listen backlog). */
const CLIENTS = 48;
const GROUP_USERS = 80;
const MEMBERS_PER_GROUP = 10;

const SEND_REQUEST = 'mutation($input: SendFriendRequestInput!) { sendFriendRequest(input: $input) { id status } }';
const SEND_MESSAGE = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }';
const RENAME = 'mutation($input: RenameGroupInput!) { renameGroup(input: $input) { id } }';
const AVATAR = 'mutation($input: SetGroupAvatarInput!) { setGroupAvatar(input: $input) { id } }';
const ADD = 'mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { id } }';
const REMOVE = 'mutation($input: GroupMemberInput!) { removeGroupMember(input: $input) { id } }';
const PROFILE = 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }';
const MARK_READ = 'mutation($input: ConversationInput!) { markConversationRead(input: $input) { id } }';

/** One value drawn from `arbitrary` with the file's fixed seed: the same world on every run. */
function seeded<T>(arbitrary: fc.Arbitrary<T>, salt: number): T {
  return fc.sample(arbitrary, { seed: SEED + salt, numRuns: 1 })[0];
}

async function registerMany(gateway: TestGateway, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 50) {
    ids.push(...(await Promise.all(Array.from({ length: Math.min(50, count - start) }, () => registerUser(gateway)))));
  }
  return ids;
}

type Command = { query: string; input: Record<string, unknown>; as: string };

/** Overlapping groups: each shares members with others, and its members live on many shards. */
function groupPlan(users: string[]) {
  return Array.from({ length: GROUPS }, (_, g) => {
    const picked = seeded(fc.shuffledSubarray(users, { minLength: MEMBERS_PER_GROUP + 3, maxLength: MEMBERS_PER_GROUP + 3 }), g);
    const [owner, ...rest] = picked;
    return {
      owner,
      members: rest.slice(0, MEMBERS_PER_GROUP),
      // Removed while others send; they send nothing themselves, so every command may succeed.
      leavers: rest.slice(MEMBERS_PER_GROUP - 2, MEMBERS_PER_GROUP),
      senders: rest.slice(0, MEMBERS_PER_GROUP - 2),
      joiners: rest.slice(MEMBERS_PER_GROUP),
    };
  });
}

/** Sends the commands in order from CLIENTS clients at once, each taking the next one free. */
async function sendConcurrently(gateway: TestGateway, commands: Command[]): Promise<GraphQLResponse[]> {
  const responses: GraphQLResponse[] = [];
  let next = 0;
  const client = async () => {
    while (next < commands.length) {
      const index = next++;
      const command = commands[index];
      responses[index] = await gateway.graphql(command.query, { input: command.input }, command.as);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return responses;
}

function retriesBySqlstate(values: { labels: Record<string, string | number>; value: number }[]): Record<string, number> {
  return Object.fromEntries(values.map((entry) => [String(entry.labels.sqlstate), entry.value]));
}

describe('commands racing for the same rows', () => {
  let gateway: TestGateway;
  let users: string[];
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    // A long wait for a connection: this file is about races, not about an exhausted pool.
    gateway = await startTestGateway({ config: { databasePoolSize: 8, databaseConnectTimeoutMs: 60_000 } });
    users = await registerMany(gateway, 2 * PAIRS);
  }, 120_000);
  afterAll(async () => {
    const metrics = gateway.app.get(GatewayMetrics);
    figures.retriesBySqlstate = retriesBySqlstate((await metrics.transactionRetries.get()).values);
    figures.retriesExhausted = (await metrics.transactionRetriesExhausted.get()).values[0]?.value ?? 0;
    recordFigures('races', figures);
    await gateway.close();
  });

  it(`${PAIRS} pairs asking each other at the same moment become exactly one friendship and one direct conversation each`, async () => {
    const pairs = Array.from({ length: PAIRS }, (_, i) => [users[2 * i], users[2 * i + 1]]);
    const responses = await Promise.all(
      pairs.flatMap(([a, b]) => [
        gateway.graphql(SEND_REQUEST, { input: { toUserId: b } }, a),
        gateway.graphql(SEND_REQUEST, { input: { toUserId: a } }, b),
      ]),
    );
    const perPair = await gateway.database.prisma.$queryRawUnsafe<
      { friendships: number; channels: number; pending: number; accepted: number }[]
    >(
      `SELECT
         (SELECT count(*)::int FROM friendship f WHERE f.deleted_at = 0 AND ((f.user_id = p.a AND f.friend_id = p.b) OR (f.user_id = p.b AND f.friend_id = p.a))) AS friendships,
         (SELECT count(*)::int FROM channel c WHERE c.direct_low_user_id = least(p.a, p.b) AND c.direct_high_user_id = greatest(p.a, p.b)) AS channels,
         (SELECT count(*)::int FROM friend_request r WHERE r.status = 'PENDING' AND ((r.from_user_id = p.a AND r.to_user_id = p.b) OR (r.from_user_id = p.b AND r.to_user_id = p.a))) AS pending,
         (SELECT count(*)::int FROM friend_request r WHERE r.status = 'ACCEPTED' AND ((r.from_user_id = p.a AND r.to_user_id = p.b) OR (r.from_user_id = p.b AND r.to_user_id = p.a))) AS accepted
       FROM unnest($1::bigint[], $2::bigint[]) AS p(a, b)`,
      pairs.map(([a]) => a),
      pairs.map(([, b]) => b),
    );
    const failed = responses.filter((response) => response.errors?.length);
    Object.assign(figures, {
      befriendingPairs: PAIRS,
      befriendingFailedRequests: failed.length,
      // Both directions of one friendship are 2 rows; a second channel or a request still open is a double.
      duplicateFriendships: perPair.filter((p) => p.channels > 1 || p.pending > 0 || p.accepted > 1).length,
      missingFriendships: perPair.filter((p) => p.friendships !== 2 || p.channels === 0).length,
    });

    expect(failed.map((response) => response.errors)).toEqual([]);
    expect(figures).toMatchObject({ duplicateFriendships: 0, missingFriendships: 0 });
    expect(await viewDifferences(gateway.database)).toMatchObject({ contactViewMissingOrWrong: [], contactViewExtraOrWrong: [] });
  });

  it('overlapping group fan-outs across shards: sends, renames, member changes and profile updates at once leave views equal to their recomputation', async () => {
    const groupUsers = users.slice(0, GROUP_USERS);
    const plan = groupPlan(groupUsers);
    const groups = await Promise.all(plan.map((group, g) => createGroup(gateway, group.owner, group.members, `Group ${g}`)));
    const commands: Command[] = plan.flatMap((group, g): Command[] => {
      const conversationId = groups[g];
      return [
        ...group.senders.map((sender, s) => ({ query: SEND_MESSAGE, input: { conversationId, body: `g${g} s${s}` }, as: sender })),
        ...group.senders.slice(0, 3).map((reader) => ({ query: MARK_READ, input: { conversationId }, as: reader })),
        { query: RENAME, input: { conversationId, name: `Group ${g} renamed` }, as: group.owner },
        { query: RENAME, input: { conversationId, name: `Group ${g} again` }, as: group.owner },
        { query: AVATAR, input: { conversationId, avatarUrl: `https://example.com/g${g}.png` }, as: group.owner },
        { query: ADD, input: { conversationId, memberIds: group.joiners }, as: group.owner },
        ...group.leavers.map((memberId) => ({ query: REMOVE, input: { conversationId, memberId }, as: group.owner })),
      ];
    });
    // Half of these users rename themselves too: each fans out to every group row showing them.
    commands.push(...groupUsers.filter((_, u) => u % 2 === 0).map((user, u) => ({ query: PROFILE, input: { nickname: `Renamed ${u}` }, as: user })));
    const order = seeded(fc.shuffledSubarray(commands, { minLength: commands.length, maxLength: commands.length }), 1_000);

    const responses = await sendConcurrently(gateway, order);
    const failed = responses.filter((response) => response.errors?.length);
    const differences = await viewDifferences(gateway.database);
    const messages = await gateway.database.prisma.message.count({ where: { channelId: { in: groups.map(BigInt) } } });
    const expectedMessages = plan.reduce((sum, group) => sum + group.senders.length, 0);
    Object.assign(figures, {
      groups: GROUPS,
      groupCommands: order.length,
      groupFailedCommands: failed.length,
      lostMessages: expectedMessages - messages,
      mismatchedRows: Object.values(differences).reduce((sum, rows) => sum + rows.length, 0),
    });

    expect(failed.map((response) => response.errors)).toEqual([]);
    expect(figures).toMatchObject({ lostMessages: 0, mismatchedRows: 0 });
    const metrics = gateway.app.get(GatewayMetrics);
    expect((await metrics.transactionRetriesExhausted.get()).values[0]?.value ?? 0).toBe(0);
  });
});
