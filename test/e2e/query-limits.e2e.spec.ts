import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registerUser } from '../support/factories.js';
import { operation } from '../support/operations.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** Refusals name what to change (`reason`) but never the configured limit. */
function expectRefused(response: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; data?: unknown }, reason: string) {
  expect(response.data).toBeUndefined();
  expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason });
  expect(response.errors?.[0]?.message).not.toMatch(/\d/);
}

describe('query limits', () => {
  let gateway: TestGateway;
  let viewer: string;

  beforeAll(async () => {
    gateway = await startTestGateway();
    viewer = await registerUser(gateway, 'Viewer');
  });
  afterAll(() => gateway.close());

  it('runs the operations our own clients ship', async () => {
    for (const name of ['Viewer', 'Conversations', 'Contacts']) {
      const response = await gateway.graphql(operation(name), {}, viewer);
      expect(response.errors).toBeUndefined();
    }
  });

  it('refuses a query nested too deeply', async () => {
    const deep = '{ __type(name: "Query") { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } }';
    expectRefused(await gateway.graphql(deep, {}, viewer), 'QUERY_TOO_DEEP');
  });

  it('counts depth through fragments too', async () => {
    const query = `{ __type(name: "Query") { ...a } }
      fragment a on __Type { fields { type { ...b } } }
      fragment b on __Type { fields { type { ...c } } }
      fragment c on __Type { fields { type { fields { name } } } }`;
    expectRefused(await gateway.graphql(query, {}, viewer), 'QUERY_TOO_DEEP');
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: viewer { id }`).join(' ');
    expectRefused(await gateway.graphql(`{ ${aliases} }`, {}, viewer), 'TOO_MANY_ALIASES');
  });

  it('refuses too many directives', async () => {
    const directives = Array.from({ length: 40 }, () => '@include(if: true)').join(' ');
    expectRefused(await gateway.graphql(`{ viewer ${directives} { id } }`, {}, viewer), 'TOO_MANY_DIRECTIVES');
  });

  it('refuses a document with too many tokens', async () => {
    const fields = Array.from({ length: 4_000 }, () => 'id').join(' ');
    const response = await gateway.graphql(`{ viewer { ${fields} } }`, {}, viewer);
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.message).toMatch(/the query is too long$/);
    expect(response.errors?.[0]?.message).not.toMatch(/\d/);
  });

  it('refuses a query whose `first` arguments multiply past the cost limit — inline, by variable or by default', async () => {
    const nested = 'edges { node { id title members(first: $members) { id nickname username avatarUrl } } }';
    const byVariables = `query($first: Int, $members: Int) { conversations(first: $first) { ${nested} } }`;
    expectRefused(await gateway.graphql(byVariables, { first: 100, members: 100 }, viewer), 'QUERY_TOO_COSTLY');
    const inline = '{ conversations(first: 100) { edges { node { members(first: 100) { id nickname username avatarUrl } } } } }';
    expectRefused(await gateway.graphql(inline, {}, viewer), 'QUERY_TOO_COSTLY');
    // A refusal is the client's error, not the server's.
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await gateway.tokenFor(viewer)}` };
    expect((await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query: inline }) })).status).toBe(400);
    // The same shape with modest pages is fine.
    const modest = await gateway.graphql(byVariables, { first: 20, members: 10 }, viewer);
    expect(modest.errors).toBeUndefined();
  });

  it('caps `first` itself', async () => {
    const response = await gateway.graphql('{ contacts(first: 1000) { edges { cursor } } }', {}, viewer);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PAGE_SIZE' });
  });

  it('still suggests field names in development', async () => {
    const response = await gateway.graphql('{ viewer { nicknam } }', {}, viewer);
    expect(response.errors?.[0]?.message).toMatch(/Did you mean "nickname"/);
  });
});
