import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { befriend, registerUser, sendFriendRequest } from '../support/factories.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { NO_DIFFERENCES, viewDifferences } from '../support/view-consistency.js';

const CONTACTS = `query($first: Int, $after: String, $starred: Boolean, $search: String, $ifChangedSince: String, $minVersion: String) {
  contacts(first: $first, after: $after, starred: $starred, search: $search, ifChangedSince: $ifChangedSince, minVersion: $minVersion) {
    edges { node { id displayName section isStarred } }
    pageInfo { hasNextPage endCursor }
    totalCount sections { letter count } version notModified
  }
}`;
const STAR = (name: string) => `mutation($input: UserInput!) { ${name}(input: $input) { id isStarred } }`;
const REMARK = `mutation($input: SetContactRemarkInput!) { setContactRemark(input: $input) { id section } }`;
const PENDING = `query($direction: FriendRequestDirection!, $first: Int, $after: String) {
  pendingFriendRequests(direction: $direction, first: $first, after: $after) {
    edges { cursor node { id fromUserId toUserId status } } pageInfo { hasNextPage endCursor } totalCount
  }
}`;

describe('the address book: pinyin order, sections, stars, search, pending requests', () => {
  let gateway: TestGateway;
  let me: string;
  const friend: Record<string, string> = {};

  async function contacts(variables: Record<string, unknown> = {}) {
    const response = await gateway.graphql(CONTACTS, { first: 100, ...variables }, me);
    expect(response.errors).toBeUndefined();
    return response.data.contacts;
  }
  const names = async (variables: Record<string, unknown> = {}) =>
    (await contacts(variables)).edges.map((e: any) => e.node.displayName);

  beforeAll(async () => {
    gateway = await startTestGateway();
    me = await registerUser(gateway, 'Me');
    for (const name of ['张三', 'zoë', '123', 'Bob', '李四', 'alice', 'Émile', '王五']) {
      friend[name] = await registerUser(gateway, name);
      await befriend(gateway, me, friend[name]!);
    }
  }, 180_000);

  afterAll(() => gateway.close());

  it('orders CJK names by pinyin among Latin ones (case and accents ignored), A–Z then #', async () => {
    expect(await names()).toEqual(['alice', 'Bob', 'Émile', '李四', '王五', '张三', 'zoë', '123']);
    const list = await contacts();
    expect(list.edges.map((e: any) => e.node.section)).toEqual(['A', 'B', 'E', 'L', 'W', 'Z', 'Z', '#']);
    expect(list.sections).toEqual([
      { letter: 'A', count: 1 }, { letter: 'B', count: 1 }, { letter: 'E', count: 1 }, { letter: 'L', count: 1 },
      { letter: 'W', count: 1 }, { letter: 'Z', count: 2 }, { letter: '#', count: 1 },
    ]);
    expect(list.totalCount).toBe(8);
  });

  it('pages through the same order with its cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await contacts({ first: 3, after });
      seen.push(...page.edges.map((e: any) => e.node.displayName));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(await names());
  });

  it('sorts by the remark when there is one: a CJK remark files a Latin name under its pinyin', async () => {
    const response = await gateway.graphql(REMARK, { input: { friendId: friend.Bob, remark: '小明' } }, me);
    expect(response.data.setContactRemark.section).toBe('X');
    expect(await names()).toEqual(['alice', 'Émile', '李四', '王五', '小明', '张三', 'zoë', '123']);
  });

  it.each([
    ['zs', ['张三']],
    ['ZHANG', ['张三']],
    ['张', ['张三']],
    ['z', ['张三', 'zoë']],
    ['xm', ['小明']],
    ['bo', ['小明']],
    ['emi', ['Émile']],
    ['ls', ['李四']],
    ['12', ['123']],
    ['nobody', []],
  ])('finds contacts by a name prefix: %s', async (search, expected) => {
    expect(await names({ search })).toEqual(expected);
  });

  it('finds a contact by a username prefix', async () => {
    const [{ username }] = await gateway.database.prisma.$queryRawUnsafe<Array<{ username: string }>>(
      `SELECT username FROM "user" WHERE id = ${friend.alice}`,
    );
    expect(await names({ search: username })).toEqual(['alice']);
  });

  it('stars and unstars contacts; the starred filter, its sections and count', async () => {
    for (const name of ['zoë', '李四']) {
      const starred = await gateway.graphql(STAR('starContact'), { input: { userId: friend[name] } }, me);
      expect(starred.data.starContact).toEqual({ id: friend[name], isStarred: true });
    }
    const starred = await contacts({ starred: true });
    expect(starred.edges.map((e: any) => e.node.displayName)).toEqual(['李四', 'zoë']);
    expect(starred.sections).toEqual([{ letter: 'L', count: 1 }, { letter: 'Z', count: 1 }]);
    expect(starred.totalCount).toBe(2);
    expect(await names({ starred: true, search: 'z' })).toEqual(['zoë']);
    await gateway.graphql(STAR('unstarContact'), { input: { userId: friend['zoë'] } }, me);
    expect(await names({ starred: true })).toEqual(['李四']);
  });

  it('starring someone who is not a contact is refused', async () => {
    const stranger = await registerUser(gateway, 'Stranger');
    const response = await gateway.graphql(STAR('starContact'), { input: { userId: stranger } }, me);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FRIENDS' });
  });

  it('lists pending requests incoming and outgoing, newest first, with counts', async () => {
    const [a, b, c] = [await registerUser(gateway, 'A'), await registerUser(gateway, 'B'), await registerUser(gateway, 'C')];
    const fromA = await sendFriendRequest(gateway, a, me);
    const fromB = await sendFriendRequest(gateway, b, me);
    const toC = await sendFriendRequest(gateway, me, c);
    const incoming = (await gateway.graphql(PENDING, { direction: 'INCOMING', first: 1 }, me)).data.pendingFriendRequests;
    expect(incoming.edges.map((e: any) => e.node.id)).toEqual([fromB]);
    expect(incoming.totalCount).toBe(2);
    const rest = (await gateway.graphql(PENDING, { direction: 'INCOMING', first: 1, after: incoming.pageInfo.endCursor }, me))
      .data.pendingFriendRequests;
    expect(rest.edges.map((e: any) => e.node)).toEqual([{ id: fromA, fromUserId: a, toUserId: me, status: 'PENDING' }]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const outgoing = (await gateway.graphql(PENDING, { direction: 'OUTGOING' }, me)).data.pendingFriendRequests;
    expect(outgoing).toMatchObject({ totalCount: 1, edges: [{ node: { id: toC, toUserId: c } }] });
    // Accepting one takes it off the list.
    await gateway.graphql('mutation($input: FriendRequestInput!) { acceptFriendRequest(input: $input) { request { id } } }', { input: { requestId: fromA } }, me);
    expect((await gateway.graphql(PENDING, { direction: 'INCOMING' }, me)).data.pendingFriendRequests.totalCount).toBe(1);
  });

  it('read-your-writes: every mutation answer carries the viewer’s view version, and lists honour it', async () => {
    const before = await contacts();
    const remark = await gateway.graphql(REMARK, { input: { friendId: friend.alice, remark: 'Ally' } }, me);
    const viewVersion = remark.extensions?.viewVersion as string;
    expect(BigInt(viewVersion)).toBeGreaterThan(BigInt(before.version));
    const fresh = await contacts({ minVersion: viewVersion });
    expect(fresh.edges.map((e: any) => e.node.displayName)).toContain('Ally');
    expect(await contacts({ ifChangedSince: fresh.version })).toMatchObject({ notModified: true, edges: [] });
    expect((await contacts({ ifChangedSince: before.version })).notModified).toBe(false);
  });

  it('keeps every view row equal to its recomputation from the write side', async () => {
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });
});
