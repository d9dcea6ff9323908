import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import { projectPath } from '../../src/config/project-paths.js';
import { befriend, createGroup, registerUsers, sendMessage } from '../support/factories.js';
import { recordFigures } from '../support/reliability-figures.js';
import { diffSnapshots, snapshotTables } from '../support/table-snapshot.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/test-gateway.js';

const SEED = 10_062_026;
const PROPERTY_RUNS = 100;

const schema = buildSchema(readFileSync(projectPath('schema.graphql'), 'utf8'));

/** An id-taking root field: every mutation here takes one `input` argument. */
interface IdField {
  readonly name: string;
  readonly operation: 'query' | 'mutation';
  readonly field: GraphQLField<unknown, unknown>;
  /** Argument paths (e.g. input.conversationId) whose type is ID or [ID]. */
  readonly idPaths: string[];
}

function idPathsOf(type: GraphQLInputType, path: string): string[] {
  const unwrapped = isNonNullType(type) ? type.ofType : type;
  if (isListType(unwrapped)) return idPathsOf(unwrapped.ofType, path);
  if (isScalarType(unwrapped)) return unwrapped.name === 'ID' ? [path] : [];
  if (isInputObjectType(unwrapped)) {
    return Object.values(unwrapped.getFields()).flatMap((field) => idPathsOf(field.type, `${path}.${field.name}`));
  }
  return [];
}

/** Every root field of the schema that takes an id anywhere in its arguments. */
function idTakingFields(): IdField[] {
  const roots = [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const;
  return roots.flatMap(([operation, root]) =>
    Object.values(root!.getFields())
      .map((field) => ({ name: field.name, operation, field, idPaths: field.args.flatMap((arg) => idPathsOf(arg.type, arg.name)) }))
      .filter((field) => field.idPaths.length > 0),
  );
}

/** Every scalar of the answer two levels deep: whatever could carry someone else's data. */
function selectionOf(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return '';
  const fields = Object.values((named as GraphQLObjectType).getFields()).flatMap((field) => {
    const inner = getNamedType(field.type);
    if (isScalarType(inner) || isEnumType(inner)) return [field.name];
    return depth < 2 ? [`${field.name} ${selectionOf(field.type, depth + 1)}`] : [];
  });
  return `{ ${fields.join(' ')} }`;
}

function documentOf(field: IdField): string {
  const args = field.field.args;
  const variables = args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `${field.operation}(${variables}) { ${field.name}(${passed}) ${selectionOf(field.field.type)} }`;
}

/** The ids a probe may use, by the kind of id an argument names. */
interface Targets {
  conversations: string[];
  requests: string[];
  users: string[];
}

const ID_KINDS: Record<string, keyof Targets> = {
  conversationId: 'conversations',
  requestId: 'requests',
  toUserId: 'users',
  userId: 'users',
  friendId: 'users',
  memberId: 'users',
  memberIds: 'users',
};

const STRING_VALUES: Record<string, string> = {
  name: 'Probe name',
  body: 'probe body',
  remark: 'probe remark',
  avatarUrl: 'https://example.com/probe.png',
  message: 'probe',
  text: 'probe draft',
};

/**
 * The `input` of a field with each id argument taken from `pick`; undefined when an id argument
 * has no known kind (a new kind of id needs a probe here before the test can pass).
 */
function inputOf(field: IdField, pick: (kind: keyof Targets) => string): Record<string, unknown> | undefined {
  const inputType = getNamedType(field.field.args[0].type);
  if (!isInputObjectType(inputType)) return undefined;
  const input: Record<string, unknown> = {};
  for (const inputField of Object.values(inputType.getFields())) {
    const name = inputField.name;
    const named = getNamedType(inputField.type);
    if (named.name === 'ID') {
      const kind = ID_KINDS[name];
      if (!kind) return undefined;
      const unwrapped = isNonNullType(inputField.type) ? inputField.type.ofType : inputField.type;
      input[name] = isListType(unwrapped) ? [pick(kind)] : pick(kind);
    } else if (isNonNullType(inputField.type)) {
      if (!(name in STRING_VALUES)) return undefined;
      input[name] = STRING_VALUES[name];
    }
  }
  return input;
}

/** Fields that change only the viewer's own relations (the viewer's requests, blocks, groups). */
const OWN_ACTIONS = new Set(['sendFriendRequest', 'blockUser', 'unblockUser', 'createGroup', 'updateProfile', 'registerUser']);
/** The viewer's own settings of a conversation row: need the viewer's membership row. */
const MEMBER_SETTINGS = new Set([
  'pinConversation',
  'unpinConversation',
  'muteConversation',
  'unmuteConversation',
  'hideConversation',
  'closeConversation',
  'reopenConversation',
  'markConversationRead',
  'markConversationUnread',
  'archiveConversation',
  'unarchiveConversation',
  'saveDraft',
]);

/** A secret text and who may ever see it, according to the write tables. */
interface Secret {
  readonly text: string;
  readonly audience: (gateway: TestGateway) => Promise<string[]>;
}

describe('one user naming another user’s ids', () => {
  let gateway: TestGateway;
  let a: string, b: string, c: string, d: string, e: string, f: string;
  let bTargets: Targets;
  let everything: Targets;
  const secrets: Secret[] = [];
  const figures = { probes: 0, refusalsChecked: 0, leaks: 0, fieldsProbed: 0, interleavedRequests: 0, propertyRuns: PROPERTY_RUNS, seed: SEED };
  const leaks: unknown[] = [];

  const membersOf = (channel: string) => async (g: TestGateway) =>
    (await g.database.prisma.channelMember.findMany({ where: { channelId: BigInt(channel) } })).map((m) => String(m.userId));

  beforeAll(async () => {
    gateway = await startTestGateway();
    [a, b, c, d, e, f] = await registerUsers(gateway, 6);
    // B's world: friends C and D, a direct conversation with C, a group with C and D, a remark,
    // and a pending request each way. A only has a friendship and a group with E and F.
    const bc = await befriend(gateway, b, c);
    await befriend(gateway, b, d);
    await sendMessage(gateway, b, bc, 'secret-direct-b-c');
    const group = await createGroup(gateway, b, [c, d], 'secret-group-name');
    await sendMessage(gateway, c, group, 'secret-group-message');
    await gateway.graphql('mutation($input: SetContactRemarkInput!) { setContactRemark(input: $input) { id } }', { input: { friendId: c, remark: 'secret-remark' } }, b);
    const send = async (from: string, to: string, message: string) =>
      (await gateway.graphql('mutation($input: SendFriendRequestInput!) { sendFriendRequest(input: $input) { id } }', { input: { toUserId: to, message } }, from)).data.sendFriendRequest.id as string;
    const fromB = await send(b, e, 'secret-request-b-e');
    const toB = await send(f, b, 'secret-request-f-b');
    const ae = await befriend(gateway, a, e);
    await sendMessage(gateway, a, ae, 'a-direct');
    const aGroup = await createGroup(gateway, a, [e, f], 'a-group');
    await sendMessage(gateway, e, aGroup, 'a-group-message');

    secrets.push(
      { text: 'secret-direct-b-c', audience: membersOf(bc) },
      { text: 'secret-group-name', audience: membersOf(group) },
      { text: 'secret-group-message', audience: membersOf(group) },
      { text: 'secret-remark', audience: async () => [b] },
      { text: 'secret-request-b-e', audience: async () => [b, e] },
      { text: 'secret-request-f-b', audience: async () => [f, b] },
    );
    bTargets = { conversations: [bc, group], requests: [fromB, toB], users: [c, b] };
    everything = { conversations: [bc, group, ae, aGroup], requests: [fromB, toB], users: [a, b, c, d, e, f] };
  }, 120_000);
  afterAll(async () => {
    recordFigures('isolation', { ...figures, leakExamples: leaks.slice(0, 5) });
    await gateway.close();
  });

  /** Texts in an answer that the actor is not in the audience of. */
  async function secretsSeenBy(actor: string, response: GraphQLResponse): Promise<string[]> {
    const text = JSON.stringify(response);
    const seen: string[] = [];
    for (const secret of secrets) {
      if (text.includes(secret.text) && !(await secret.audience(gateway)).includes(actor)) seen.push(secret.text);
    }
    return seen;
  }

  /** What the write tables say about `actor` doing `field` with `input`, before it runs. */
  async function permitted(actor: string, field: string, input: Record<string, unknown>): Promise<boolean> {
    const prisma = gateway.database.prisma;
    if (OWN_ACTIONS.has(field)) return true;
    if (typeof input.requestId === 'string') {
      const request = await prisma.friendRequest.findUnique({ where: { id: BigInt(input.requestId) } });
      if (!request || request.status !== 'PENDING') return false;
      return String(field === 'cancelFriendRequest' ? request.fromUserId : request.toUserId) === actor;
    }
    if (typeof input.conversationId === 'string') {
      const membership = await prisma.channelMember.findUnique({
        where: { channelId_userId: { channelId: BigInt(input.conversationId), userId: BigInt(actor) } },
      });
      return MEMBER_SETTINGS.has(field) ? membership !== null : membership !== null && membership.leftAt === 0n;
    }
    const friend = (input.friendId ?? input.userId) as string | undefined;
    if (friend) {
      const friendship = await prisma.friendship.findUnique({ where: { userId_friendId: { userId: BigInt(actor), friendId: BigInt(friend) } } });
      return friendship !== null && friendship.deletedAt === 0n;
    }
    return false;
  }

  /**
   * One probe with the oracle: nothing of anyone else's in the answer; and when the write tables
   * do not permit it, a coded refusal, no data and no row changed anywhere.
   */
  async function probe(actor: string, field: IdField, input: Record<string, unknown>): Promise<void> {
    const allowed = await permitted(actor, field.name, input);
    const before = allowed ? undefined : await snapshotTables(gateway.database);
    const response = await gateway.graphql(documentOf(field), { input }, actor);
    figures.probes++;
    const problems: string[] = (await secretsSeenBy(actor, response)).map((text) => `answered ${text}`);
    if (!allowed) {
      figures.refusalsChecked++;
      const codes = (response.errors ?? []).map((error) => error.extensions?.code);
      if (!codes.length || codes.some((code) => !code || code === 'INTERNAL_SERVER_ERROR')) problems.push(`not refused with a code: ${JSON.stringify(codes)}`);
      if (response.data?.[field.name]) problems.push('returned data');
      const changed = diffSnapshots(before!, await snapshotTables(gateway.database));
      if (Object.keys(changed).length) problems.push(`changed ${Object.keys(changed).join(', ')}`);
    }
    if (problems.length) {
      figures.leaks++;
      leaks.push({ actor, field: field.name, input, problems });
    }
  }

  it('finds a probe for every id-taking field of the schema', () => {
    const fields = idTakingFields();
    const unprobed = fields.filter((field) => !inputOf(field, (kind) => everything[kind][0])).map((field) => field.name);
    expect(unprobed).toEqual([]);
    expect(fields.length).toBeGreaterThan(20);
    figures.fieldsProbed = fields.length;
  });

  it('A and B asking for their lists at the same moment each get exactly their own answer', async () => {
    const lists = `{ viewer { id nickname } conversations(first: 20) { edges { node { id title peer { id nickname } members(first: 10) { id nickname }
      lastMessage { preview sender { id nickname } } unreadCount } } } contacts(first: 20) { edges { node { id remark displayName conversationId } } } }`;
    const viewers = [a, b, c, e];
    const alone = new Map<string, GraphQLResponse>();
    for (const viewer of viewers) alone.set(viewer, await gateway.graphql(lists, {}, viewer));
    // Interleaved so that requests of different viewers land in the same loader batches.
    const order = Array.from({ length: 60 }, (_, i) => viewers[i % viewers.length]);
    const together = await Promise.all(order.map((viewer) => gateway.graphql(lists, {}, viewer)));
    figures.interleavedRequests = order.length;
    const different = order.filter((viewer, i) => JSON.stringify(together[i]) !== JSON.stringify(alone.get(viewer)));
    for (const viewer of viewers) {
      const seen = await secretsSeenBy(viewer, alone.get(viewer)!);
      if (seen.length) leaks.push({ viewer, seen });
      figures.leaks += seen.length;
    }
    figures.leaks += different.length;
    expect(alone.get(a)!.errors).toBeUndefined();
    expect(different).toEqual([]);
    expect(figures.leaks).toBe(0);
  });

  it('A naming B’s conversations, requests, groups and contacts in every id-taking field gets nothing of B’s and changes nothing it may not', async () => {
    // Refusals first: A's own permitted actions (a request to C, a group with C) come last.
    const fields = idTakingFields().sort((x, y) => Number(OWN_ACTIONS.has(x.name)) - Number(OWN_ACTIONS.has(y.name)));
    for (const field of fields) {
      const kinds = [...new Set(field.idPaths.map((path) => ID_KINDS[path.split('.').pop()!]))];
      // Every combination of B's ids over the field's kinds of id.
      const combinations = kinds.reduce<Partial<Record<keyof Targets, string>>[]>(
        (all, kind) => all.flatMap((partial) => bTargets[kind].map((id) => ({ ...partial, [kind]: id }))),
        [{}],
      );
      for (const combination of combinations) {
        await probe(a, field, inputOf(field, (kind) => combination[kind]!)!);
      }
    }
    expect(leaks).toEqual([]);
    expect(figures.leaks).toBe(0);
  });

  it('any actor, any target, any id-taking operation: nothing returned or changed outside what the write tables permit (property)', async () => {
    const fields = new Map(idTakingFields().map((field) => [field.name, field]));
    const actors = [a, b, c, d, e, f];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...actors),
        // Names, not field objects: a counterexample then reads as (actor, field name, choice).
        fc.constantFrom(...fields.keys()),
        fc.record({ conversations: fc.nat(), requests: fc.nat(), users: fc.nat() }),
        async (actor, name, choice) => {
          const leaksBefore = figures.leaks;
          const field = fields.get(name)!;
          await probe(actor, field, inputOf(field, (kind) => everything[kind][choice[kind] % everything[kind].length])!);
          return figures.leaks === leaksBefore;
        },
      ),
      { seed: SEED, numRuns: PROPERTY_RUNS, endOnFailure: true },
    );
    expect(figures.leaks).toBe(0);
  });
});
