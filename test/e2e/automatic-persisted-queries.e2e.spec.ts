import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gql } from '@apollo/client';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { persistedQueryClient } from '../support/apollo-client.js';
import { befriend, registerUsers, sendMessage } from '../support/factories.js';
import { operation } from '../support/operations.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('automatic persisted queries (APQ), in memory', () => {
  let gateway: TestGateway;
  let alice: string;
  let token: string;

  beforeAll(async () => {
    gateway = await startTestGateway();
    const [a, bob] = await registerUsers(gateway, 2);
    alice = a;
    await sendMessage(gateway, bob, await befriend(gateway, a, bob), 'hello over APQ');
    token = await gateway.tokenFor(alice);
  });
  afterAll(() => gateway.close());

  it.each([
    ['POST', false, 'Conversations'],
    ['GET', true, 'Contacts'],
  ])('over %s: an unknown hash is answered PersistedQueryNotFound, the client retries with the text, and the next client sends only the hash', async (_method, useGET, name) => {
    const query = gql(operation(name));
    const first = persistedQueryClient({ url: gateway.url, token, useGET });
    const registered = await first.client.query({ query, variables: { first: 8 } });
    expect(JSON.stringify(registered.data)).toMatch(useGET ? /"displayName"/ : /hello over APQ/);
    expect(first.sent.map((request) => request.sentText)).toEqual([false, true]);

    const second = persistedQueryClient({ url: gateway.url, token, useGET });
    const hit = await second.client.query({ query, variables: { first: 8 } });
    expect(hit.data).toEqual(registered.data);
    expect(second.sent).toEqual([{ method: useGET ? 'GET' : 'POST', sentText: false, hash: first.sent[0].hash }]);
  });

  it('refuses a text whose hash does not match', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }),
    });
    expect(response.status).toBe(400);
  });

  describe('automatic persisted queries shared through Redis (REDIS_URL)', () => {
    // Two gateway instances over one database, as a fleet runs.
    const keyPrefix = `hermet-test:${randomBytes(4).toString('hex')}:`;
    let one: TestGateway;
    let two: TestGateway;
    let redis: Redis;

    beforeAll(async () => {
      redis = new Redis(REDIS_URL);
      const clientEdge = { redisUrl: REDIS_URL, redisKeyPrefix: keyPrefix };
      one = await startTestGateway({ config: { clientEdge }, sharing: gateway });
      two = await startTestGateway({ config: { clientEdge }, sharing: gateway });
    });
    afterAll(async () => {
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      await Promise.all([one.close(), two.close()]);
    });

    it('an operation registered on one instance runs by hash alone on another; keys carry the schema version', async () => {
      const query = gql(operation('Viewer'));
      const userOnOne = alice;
      const userOnTwo = userOnOne;
      const first = persistedQueryClient({ url: one.url, token: await one.tokenFor(userOnOne) });
      await first.client.query({ query });
      expect(first.sent.map((request) => request.sentText)).toEqual([false, true]);

      const second = persistedQueryClient({ url: two.url, token: await two.tokenFor(userOnTwo) });
      const result = await second.client.query({ query });
      expect(result.data).toMatchObject({ viewer: { id: userOnTwo } });
      expect(second.sent.map((request) => request.sentText)).toEqual([false]);

      const keys = await redis.keys(`${keyPrefix}*:apq:*`);
      expect(keys).toEqual([expect.stringMatching(new RegExp(`^${keyPrefix}[0-9a-f]{16}:apq:${first.sent[0].hash}$`))]);
      expect(await redis.ttl(keys[0])).toBeGreaterThan(0);
    });
  });
});
