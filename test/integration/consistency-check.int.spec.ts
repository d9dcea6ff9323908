import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkConsistency } from '../../src/ops/consistency/consistency-check.js';
import { rebuildReadModels } from '../../src/ops/rebuild/rebuild-read-models.js';
import { befriend, createGroup, registerUsers, sendMessage } from '../support/factories.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { NO_DIFFERENCES, viewDifferences } from '../support/view-consistency.js';

describe('the consistency checker', () => {
  let gateway: TestGateway;
  let users: string[];
  let chat: string;
  let group: string;

  beforeAll(async () => {
    gateway = await startTestGateway();
    users = await registerUsers(gateway, 8);
    chat = await befriend(gateway, users[0], users[1]);
    await befriend(gateway, users[0], users[2]);
    await befriend(gateway, users[3], users[4]);
    group = await createGroup(gateway, users[0], users.slice(1, 6), 'Checked');
    await sendMessage(gateway, users[1], chat, 'hello');
    await sendMessage(gateway, users[2], group, 'hi all');
  });
  afterAll(() => gateway.close());

  const sql = (statement: string) => gateway.database.prisma.$executeRawUnsafe(statement);

  it('reports 100 % on views the commands wrote', async () => {
    const report = await checkConsistency(gateway.database);
    expect(report.differences).toEqual([]);
    expect(report.rowsChecked).toBeGreaterThan(20);
    expect(report.percentConsistent).toBe(100);
  });

  it('finds each kind of corruption, and --repair fixes exactly those rows', async () => {
    const [a, b, c, d, e] = users;
    await sql(`UPDATE user_conversation_view SET peer_nickname = 'Wrong Name' WHERE user_id = ${b} AND channel_id = ${chat}`);
    await sql(`UPDATE user_conversation_view SET unread_count = 42 WHERE user_id = ${c} AND channel_id = ${group}`);
    await sql(`DELETE FROM user_contact_view WHERE user_id = ${d} AND friend_id = ${e}`);
    await sql(`INSERT INTO user_conversation_view_${Number(e) % 256} (user_id, channel_id, channel_type, version) VALUES (${e}, 999999, 'GROUP', 1)`);
    await sql(`INSERT INTO conversation_reverse_index VALUES (${c}, ${a}, 888888)`);

    const found = await checkConsistency(gateway.database);
    const summary = found.differences.map((x) => [x.table, x.field, x.expected, x.actual]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['user_conversation_view', 'peer_nickname', expect.not.stringMatching('Wrong Name'), 'Wrong Name'],
        ['user_conversation_view', 'unread_count', '0', '42'],
        ['user_contact_view', '(row)', 'present', 'missing'],
        ['user_conversation_view', '(row)', 'absent', 'present'],
        ['conversation_reverse_index', '(row)', 'absent', 'present'],
      ]),
    );
    expect(found.differences).toHaveLength(5);
    expect(found.percentConsistent).toBeLessThan(100);
    expect(found.rowsChecked - found.rowsConsistent).toBe(5);

    const repaired = await checkConsistency(gateway.database, { repair: true });
    expect(repaired.ownersRepaired).toBe(5);
    const after = await checkConsistency(gateway.database);
    expect(after.percentConsistent).toBe(100);
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });

  it('finds badge totals that no longer add up, and --repair recounts exactly those owners', async () => {
    const [a, b] = users;
    const badge = async (viewer: string) => (await gateway.graphql('{ conversations(first: 1) { totalCount unreadTotal } }', {}, viewer)).data.conversations;
    const [badgeOfA, badgeOfB] = [await badge(a), await badge(b)];
    await sql(`UPDATE user_conversation_totals SET unread_messages = unread_messages + 7 WHERE user_id = ${a} AND channel_type = 'GROUP' AND is_unread`);
    await sql(`DELETE FROM user_conversation_totals WHERE user_id = ${b} AND channel_type = 'DIRECT'`);
    expect(await badge(a)).toEqual({ ...badgeOfA, unreadTotal: badgeOfA.unreadTotal + 7 });

    const found = await checkConsistency(gateway.database);
    expect(found.differences.map((x) => [x.table, x.key.split(',')[0], x.field, x.expected, x.actual])).toEqual([
      ['user_conversation_totals', `user_id=${a}`, 'unread_messages', '1', '8'],
      ['user_conversation_totals', `user_id=${b}`, '(row)', 'present', 'missing'],
    ]);

    const repaired = await checkConsistency(gateway.database, { repair: true });
    expect(repaired.ownersRepaired).toBe(2);
    expect((await checkConsistency(gateway.database)).percentConsistent).toBe(100);
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
    expect([await badge(a), await badge(b)]).toEqual([badgeOfA, badgeOfB]);
  });

  it('checks one user, or one shard, when asked to', async () => {
    await sql(`UPDATE user_contact_view SET friend_nickname = 'Nope' WHERE user_id = ${users[3]}`);
    const forUser = await checkConsistency(gateway.database, { userId: BigInt(users[3]) });
    expect(forUser.differences.map((x) => x.field)).toEqual(['friend_nickname']);
    const otherShard = await checkConsistency(gateway.database, { shard: (Number(users[3]) + 1) % 256 });
    expect(otherShard.differences).toEqual([]);
    await checkConsistency(gateway.database, { userId: BigInt(users[3]), repair: true });
  });
});

describe('rebuilding the read side from the write side alone', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway();
    const users = await registerUsers(gateway, 12);
    for (let i = 1; i < 6; i++) await befriend(gateway, users[0], users[i]);
    const group = await createGroup(gateway, users[6], users.slice(7), 'Rebuilt');
    await sendMessage(gateway, users[8], group, 'before the rebuild');
    await gateway.graphql('mutation { leaveGroup(input: { conversationId: "' + group + '" }) { id } }', {}, users[9]);
    // A write side that has never had a read side.
    await gateway.database.prisma.$executeRawUnsafe(
      'TRUNCATE user_conversation_view, user_contact_view, user_conversation_totals, conversation_reverse_index, contact_reverse_index, user_view_state',
    );
  });
  afterAll(() => gateway.close());

  it('is resumable after an interruption, and ends with a read side the checker passes at 100 %', async () => {
    const interrupted = await rebuildReadModels(gateway.database, { maxShards: 5 });
    expect(interrupted.shardsRebuilt).toBe(5);
    expect((await checkConsistency(gateway.database)).percentConsistent).toBeLessThan(100);

    const resumed = await rebuildReadModels(gateway.database, { resume: true });
    expect(resumed.shardsSkipped).toBe(5);
    expect(resumed.shardsRebuilt).toBe(251);
    const report = await checkConsistency(gateway.database);
    expect(report.differences).toEqual([]);
    expect(report.percentConsistent).toBe(100);
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });

  it('a rebuilt read side answers the lists', async () => {
    const owner = (await gateway.database.prisma.user.findFirstOrThrow({ orderBy: { id: 'asc' } })).id;
    const response = await gateway.graphql('{ conversations { edges { node { title } } } contacts { edges { node { id } } } }', {}, owner);
    expect(response.data.conversations.edges).toHaveLength(5);
    expect(response.data.contacts.edges).toHaveLength(5);
  });
});
