import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGroup, registerUser, registerUsers, sendMessage } from '../support/factories.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const PAGE_WITH_MEMBERS = `query($first: Int) {
  conversations(first: $first) {
    edges { node { title peer { nickname } members(first: 5) { id nickname } lastMessage { sender { nickname } } } }
  }
}`;

describe('a conversations page that asks for member profiles', () => {
  let gateway: TestGateway;
  let me: string;
  let statements: string[] = [];

  beforeAll(async () => {
    gateway = await startTestGateway({ onQuery: (sql) => statements.push(sql) });
    me = await registerUser(gateway, 'Me');
    const people = await registerUsers(gateway, 30);
    for (let i = 0; i < 20; i++) {
      const group = await createGroup(gateway, me, people.slice(i, i + 4), `Group ${i}`);
      await sendMessage(gateway, people[i], group, `hi from ${i}`);
    }
  });
  afterAll(() => gateway.close());

  async function statementsFor(first: number) {
    statements = [];
    const response = await gateway.graphql(PAGE_WITH_MEMBERS, { first }, me);
    expect(response.errors).toBeUndefined();
    expect(response.data.conversations.edges).toHaveLength(first);
    for (const { node } of response.data.conversations.edges) expect(node.members).toHaveLength(5);
    return [...statements];
  }

  it('costs the same few statements for 20 groups as for 2 (batched per request, not per row)', async () => {
    const forTwo = await statementsFor(2);
    const forTwenty = await statementsFor(20);
    expect(forTwenty.length).toBe(forTwo.length);
    // the page, the members of every group, and the profiles (senders first, then members)
    expect(forTwenty.length).toBeLessThanOrEqual(4);
  });

  it('reads the page from the viewer\'s shard table only', async () => {
    const page = (await statementsFor(20)).filter((sql) => sql.includes('user_conversation_view'));
    expect(page).toHaveLength(1);
    expect(page[0]).toMatch(new RegExp(`FROM user_conversation_view_${Number(me) % 256}\\s`));
  });
});
