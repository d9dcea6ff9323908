import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { registerUsers } from '../support/factories.js';
import { operation } from '../support/operations.js';
import { snapshotTables } from '../support/table-snapshot.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMIT = 3;

const rename = (gateway: TestGateway, viewer: string, nickname: string) =>
  gateway.graphql(operation('UpdateProfile'), { input: { nickname } }, viewer);

describe('the per-viewer mutation rate limit (MUTATIONS_PER_MINUTE)', () => {
  let seeding: TestGateway;
  let memory: TestGateway;
  let shared: TestGateway[];
  let redis: Redis;
  const keyPrefix = `hermet-test:${randomBytes(4).toString('hex')}:`;
  let users: string[];

  beforeAll(async () => {
    seeding = await startTestGateway();
    users = await registerUsers(seeding, 3);
    memory = await startTestGateway({ sharing: seeding, config: { clientEdge: { mutationsPerMinute: LIMIT } } });
    const clientEdge = { mutationsPerMinute: LIMIT, redisUrl: REDIS_URL, redisKeyPrefix: keyPrefix };
    shared = [await startTestGateway({ sharing: seeding, config: { clientEdge } }), await startTestGateway({ sharing: seeding, config: { clientEdge } })];
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await Promise.all([memory.close(), ...shared.map((gateway) => gateway.close())]);
    await seeding.close();
  });

  it('refuses the viewer\'s mutation past the limit with RATE_LIMITED, 429 and Retry-After, and writes nothing', async () => {
    const [viewer] = users;
    for (let i = 0; i < LIMIT; i++) expect((await rename(memory, viewer, `Name ${i}`)).errors).toBeUndefined();
    const before = await snapshotTables(memory.database);

    const response = await fetch(memory.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await memory.tokenFor(viewer)}` },
      body: JSON.stringify({ query: operation('UpdateProfile'), variables: { input: { nickname: 'One too many' } } }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'MUTATION_RATE_LIMIT', retryAfterSeconds: expect.any(Number) });
    expect(await snapshotTables(memory.database)).toEqual(before);
  });

  it('counts each viewer separately and never limits queries', async () => {
    const [limited, other] = users;
    expect((await rename(memory, other, 'Still free')).errors).toBeUndefined();
    expect((await memory.graphql(operation('Viewer'), {}, limited)).errors).toBeUndefined();
  });

  it('with REDIS_URL, the count is shared by every instance', async () => {
    const viewer = users[2];
    for (let i = 0; i < LIMIT; i++) expect((await rename(shared[i % 2], viewer, `Shared ${i}`)).errors).toBeUndefined();
    const refused = await rename(shared[1], viewer, 'Over the fleet limit');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await redis.keys(`${keyPrefix}mutations*`)).toEqual([expect.stringContaining(`viewer:${viewer}`)]);
  });
});
