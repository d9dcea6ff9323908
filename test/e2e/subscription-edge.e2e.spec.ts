import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../src/config/project-paths.js';
import type { PersistedQueryManifest } from '../../src/gateway/persisted-queries/persisted-query-manifest.js';
import { ConversationCache } from '../support/conversation-cache.js';
import { befriend, registerUsers, sendMessage } from '../support/factories.js';
import { connectLive, subscribe } from '../support/live-client.js';
import { operation } from '../support/operations.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

type Update = { conversationUpdated: { version: string; conversation: { id: string; lastMessage: { preview: string } | null } } };

/** Subscribes and expects the first answer to be a refusal with these extensions; the message never names a limit. */
async function expectRefused(gateway: TestGateway, viewer: string, sent: Parameters<typeof subscribe>[2], extensions: Record<string, string>) {
  const probe = await subscribe<Update>(gateway, viewer, sent);
  try {
    const refusal = await probe.until(1).then(
      () => { throw new Error('the subscription was accepted'); },
      (error: Error) => JSON.parse(error.message) as Array<{ message: string; extensions: Record<string, unknown> }>,
    );
    expect(refusal[0]?.extensions).toMatchObject(extensions);
    expect(refusal[0]?.extensions).not.toHaveProperty('http');
    expect(refusal[0]?.message).not.toMatch(/\d{2}/);
  } finally {
    await probe.close();
  }
}

const byHash = (hash: string, variables: Record<string, unknown> = {}) => ({
  // graphql-ws requires `query` to be a string: empty means "none, run the persisted one".
  query: '',
  variables,
  extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
});
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The viewer's feed position now. A subscription started from it receives every later change
 * however long its set-up takes; one started without it begins wherever the server's clock is
 * when the subscribe message is handled, which may already include a message sent meanwhile.
 */
async function feedPosition(gateway: TestGateway, viewer: string): Promise<{ sinceVersion: string }> {
  const cache = new ConversationCache();
  await cache.sync(gateway, viewer);
  return { sinceVersion: cache.highWaterMark };
}

/** Scrapes /metrics and returns the value of one sample (0 when absent). */
async function metric(gateway: TestGateway, sample: string): Promise<number> {
  const text = await (await fetch(gateway.url.replace(/\/graphql$/, '/metrics'))).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

describe('subscriptions pass the same client edge as queries', () => {
  let gateway: TestGateway;
  let viewer: string;

  beforeAll(async () => {
    gateway = await startTestGateway();
    [viewer] = (await registerUsers(gateway, 1)) as [string];
  });
  afterAll(() => gateway.close());

  it('refuses a document with too many tokens', async () => {
    const fields = Array.from({ length: 4_000 }, () => 'version').join(' ');
    await expectRefused(gateway, viewer, `subscription { conversationUpdated { ${fields} } }`, { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'TOO_MANY_TOKENS' });
  });

  it('refuses too many directives', async () => {
    const directives = Array.from({ length: 40 }, () => '@include(if: true)').join(' ');
    await expectRefused(gateway, viewer, `subscription { conversationUpdated { version ${directives} } }`, {
      code: 'GRAPHQL_VALIDATION_FAILED',
      reason: 'TOO_MANY_DIRECTIVES',
    });
  });

  it('prices `first` given by variables, as for queries', async () => {
    const costly = {
      query: 'subscription($n: Int) { conversationUpdated { conversation { members(first: $n) { id nickname username avatarUrl } } } }',
      variables: { n: 100_000 },
    };
    await expectRefused(gateway, viewer, costly, { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'QUERY_TOO_COSTLY' });
  });

  it('answers a syntax error with the parse code', async () => {
    await expectRefused(gateway, viewer, 'subscription { conversationUpdated { ', { code: 'GRAPHQL_PARSE_FAILED' });
  });

  it('runs a subscription registered by automatic persisted queries, then by its hash alone', async () => {
    const [alice, bob] = await registerUsers(gateway, 2);
    const chat = await befriend(gateway, bob!, alice!);
    const text = operation('ConversationUpdated');
    await expectRefused(gateway, alice!, byHash(sha256(text)), { code: 'PERSISTED_QUERY_NOT_FOUND' });

    const registering = await subscribe<Update>(gateway, alice!, { ...byHash(sha256(text)), query: text });
    await registering.close();
    const live = await subscribe<Update>(gateway, alice!, byHash(sha256(text), await feedPosition(gateway, alice!)));
    await sendMessage(gateway, bob!, chat, 'by hash');
    const [update] = await live.until(1);
    await live.close();
    expect(update!.conversationUpdated.conversation).toMatchObject({ id: chat, lastMessage: { preview: 'by hash' } });
  });

  it('refuses one subscription more than a connection may run at once, and accepts again once one completes', async () => {
    const [alice, bob] = await registerUsers(gateway, 2);
    const chat = await befriend(gateway, bob!, alice!);
    const fromNow = { query: operation('ConversationUpdated'), variables: await feedPosition(gateway, alice!) };
    const connection = await connectLive(gateway, alice!);
    try {
      const running = Array.from({ length: 10 }, () => connection.subscribe<Update>(fromNow));
      const refused = await connection.subscribe<Update>(operation('ConversationUpdated')).until(1).then(
        () => { throw new Error('the subscription was accepted'); },
        (error: Error) => JSON.parse(error.message) as Array<{ message: string; extensions: Record<string, unknown> }>,
      );
      expect(refused[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST', reason: 'TOO_MANY_SUBSCRIPTIONS' } });

      running[0]!.complete();
      const another = connection.subscribe<Update>(fromNow);
      await sendMessage(gateway, bob!, chat, 'room for one more');
      const [update] = await another.until(1);
      expect(update!.conversationUpdated.conversation).toMatchObject({ id: chat, lastMessage: { preview: 'room for one more' } });
      // The refusal closed nothing: the others still run.
      await running[9]!.until(1);
    } finally {
      await connection.close();
    }
  });

  it('counts and times subscribe handshakes by operation name, and gauges the open subscriptions', async () => {
    const sample = 'hermet_graphql_requests_total{operation="ConversationUpdated",type="subscription",outcome="ok"}';
    const before = await metric(gateway, sample);
    const live = await subscribe<Update>(gateway, viewer, operation('ConversationUpdated'));
    // The handshake is counted once the subscription runs: ask until then (no time target).
    while ((await metric(gateway, sample)) === before) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await metric(gateway, sample)).toBe(before + 1);
    expect(await metric(gateway, 'hermet_graphql_request_duration_seconds_count{operation="ConversationUpdated",type="subscription"}')).toBeGreaterThan(0);
    expect(await metric(gateway, 'hermet_graphql_subscriptions{operation="ConversationUpdated"}')).toBe(1);

    await live.close();
    while ((await metric(gateway, 'hermet_graphql_subscriptions{operation="ConversationUpdated"}')) !== 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await expectRefused(gateway, viewer, 'subscription Refused { conversationUpdated { version @include(if: $missing) } }', {
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
    expect(await metric(gateway, 'hermet_graphql_requests_total{operation="Refused",type="subscription",outcome="error"}')).toBe(1);
  });
});

describe('subscriptions under PERSISTED_QUERIES=safelist', () => {
  // The world is made through an instance that takes text; the safelisted one shares its database.
  let open: TestGateway;
  let gateway: TestGateway;
  let manifest: PersistedQueryManifest;
  const idOf = (name: string) => manifest.operations.find((o) => o.name === name)!.id;

  beforeAll(async () => {
    manifest = JSON.parse(readFileSync(projectPath('operations', 'persisted-query-manifest.json'), 'utf8'));
    open = await startTestGateway();
    gateway = await startTestGateway({ config: { clientEdge: { persistedQueries: 'safelist' } }, sharing: open });
  });
  afterAll(async () => {
    await gateway?.close();
    await open?.close();
  });

  it('a mobile client subscribes by the manifest id of ConversationUpdated', async () => {
    const [alice, bob] = await registerUsers(open, 2);
    const chat = await befriend(open, bob!, alice!);
    await sendMessage(open, bob!, chat, 'safelisted');
    // From version 0, the feed's rest arrives first: the row as it is now.
    const live = await subscribe<Update>(gateway, alice!, byHash(idOf('ConversationUpdated'), { sinceVersion: '0' }));
    const [update] = await live.until(1);
    await live.close();
    expect(update!.conversationUpdated.conversation).toMatchObject({ id: chat, lastMessage: { preview: 'safelisted' } });
  });

  it('refuses a subscription sent as text, even the manifest’s own, and an unknown id', async () => {
    const [alice] = await registerUsers(open, 1);
    const refused = { code: 'PERSISTED_QUERY_REQUIRED', reason: 'OPERATION_NOT_SAFELISTED' };
    await expectRefused(gateway, alice!, 'subscription { conversationUpdated { version } }', refused);
    await expectRefused(gateway, alice!, operation('ConversationUpdated'), refused);
    await expectRefused(gateway, alice!, byHash(sha256('subscription { conversationUpdated { version } }')), { code: 'PERSISTED_QUERY_NOT_FOUND' });
  });
});
