import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const json = { 'content-type': 'application/json' };

describe('the HTTP edge in production', () => {
  let gateway: TestGateway;
  let development: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({
      config: { production: true, clientEdge: { corsOrigins: ['https://web.example'], maxBatchOperations: 3, maxBodyBytes: 4_096 } },
    });
    development = await startTestGateway({ sharing: gateway });
  });
  afterAll(async () => {
    await development.close();
    await gateway.close();
  });

  const post = (body: unknown, headers: Record<string, string> = json, url = gateway.url) =>
    fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('refuses a body over the size cap with 413 and a GraphQL-shaped error', async () => {
    const response = await post({ query: `{ __typename } # ${'x'.repeat(5_000)}` });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [{ message: 'the request body is too large', extensions: { code: 'BAD_REQUEST', reason: 'BODY_TOO_LARGE' } }],
    });
  });

  it('answers compact JSON: no indentation for clients to download', async () => {
    const response = await post({ query: '{ __typename }' });
    expect(await response.text()).toBe('{"data":{"__typename":"Query"}}');
  });

  it('runs a batch up to the cap and refuses a longer one', async () => {
    const ok = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(await ok.json()).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
    const tooMany = await post(Array.from({ length: 4 }, () => ({ query: '{ __typename }' })));
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as any).errors[0].extensions).toEqual({ code: 'BAD_REQUEST', reason: 'TOO_MANY_OPERATIONS' });
  });

  it('prevents CSRF: a simple cross-site GET is refused, one with a preflight-forcing header runs', async () => {
    const simple = await fetch(`${gateway.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(simple.status).toBe(400);
    const preflighted = await fetch(`${gateway.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('allows only the configured browser origins (CORS_ORIGINS)', async () => {
    const preflight = (origin: string) =>
      fetch(gateway.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect((await preflight('https://web.example')).headers.get('access-control-allow-origin')).toBe('https://web.example');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    // No CORS_ORIGINS: no cross-origin browser access at all.
    const none = await fetch(development.url, { method: 'OPTIONS', headers: { origin: 'https://web.example', 'access-control-request-method': 'POST' } });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('turns introspection off', async () => {
    const response = (await (await post({ query: '{ __schema { types { name } } }' })).json()) as any;
    expect(response.data).toBeUndefined();
    expect(response.errors[0].message).toMatch(/introspection/i);
  });

  it('hides field suggestions that would map the schema', async () => {
    const production = (await (await post({ query: '{ viewer { nicknam } }' })).json()) as any;
    expect(production.errors[0].message).not.toMatch(/nickname|Did you mean/);
    const dev = (await (await post({ query: '{ viewer { nicknam } }' }, json, development.url)).json()) as any;
    expect(dev.errors[0].message).toMatch(/Did you mean "nickname"/);
  });

  // Masked errors carrying the id: production-errors.e2e.spec.ts.
  it('answers with the request id of the proxy (x-request-id), and no stack trace even for a malformed document', async () => {
    const response = await post({ query: '{ __typename }' }, { ...json, 'x-request-id': 'req-from-the-proxy-1' });
    expect(response.headers.get('x-request-id')).toBe('req-from-the-proxy-1');
    const bad = (await (await post('{"query": "{ viewer { id } "}')).json()) as any;
    expect(JSON.stringify(bad)).not.toMatch(/stacktrace|at \S+ \(/);
  });

  it('exposes no Playground', async () => {
    const page = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/ruru|graphiql/i);
    expect((await fetch(new URL('/graphql/playground/ruru.js', gateway.url))).status).not.toBe(200);
  });
});
