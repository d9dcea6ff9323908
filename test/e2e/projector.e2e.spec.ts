import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readLiveConfig } from '../../src/live/live-config.js';
import { befriend, registerUsers } from '../support/factories.js';
import { subscribe } from '../support/live-client.js';
import { operation } from '../support/operations.js';
import { startCliProcess, waitUntil, type CliProcess } from '../support/crash-loop.js';
import { buildGateway, removeBuild } from '../support/gateway-process.js';
import { isOnB, writeSplitShardMap } from '../support/projection.js';
import { describeWithServices } from '../support/real-services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }';
const LIST = 'query($minVersion: String) { conversations(first: 10, minVersion: $minVersion) { edges { node { id lastMessage { preview } } } } }';

describeWithServices(['TEST_DATABASE_URL', 'TEST_NATS_URL'], 'a gateway whose shards are split over two databases, with `hermet project` running', () => {
  // The gateway's and the projector's live updates meet on one NATS subject, as in a fleet.
  const live = { ...readLiveConfig({}), natsUrl: process.env.TEST_NATS_URL, natsSubject: `hermet.test.${randomUUID()}` };
  let outDir: string;
  let folder: string;
  let mapFile: string;
  let databaseB: TestDatabase;
  let gateway: TestGateway;
  let projector: CliProcess | undefined;
  let remote: string;
  let chat: string;

  const startProjector = async () => {
    const started = startCliProcess(outDir, ['project'], { DATABASE_URL: gateway.testDatabase.url!, SHARD_MAP_FILE: mapFile, PROJECTOR_IDLE_MS: '20', NATS_URL: live.natsUrl!, LIVE_NATS_SUBJECT: live.natsSubject });
    projector = started;
    await waitUntil('hermet project logs its start', () => started.started() || started.exited() !== undefined, 30_000);
    expect(started.lines.join('\n')).toMatch(/projecting the outbox into b/);
  };
  const send = async (body: string) => {
    const response = await gateway.graphql(SEND, { input: { conversationId: chat, body } }, remote);
    expect(response.errors).toBeUndefined();
    return response.extensions?.viewVersion as string;
  };
  const metric = async (name: string) => {
    const text = await (await fetch(gateway.url.replace(/\/graphql$/, '/metrics'))).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{database="b"}`));
    if (!line) throw new Error(`${name} is not exported: ${text.slice(0, 300)}`);
    return Number(line.split(' ').at(-1));
  };
  const until = async (check: () => Promise<boolean>) => {
    for (let tries = 0; !(await check()); tries++) {
      if (tries > 300) throw new Error('never happened');
      await sleep(50);
    }
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hermet-projector-e2e-'));
    [outDir, databaseB] = await Promise.all([buildGateway('projector'), createTestDatabase()]);
    mapFile = await writeSplitShardMap(join(folder, 'split.json'), databaseB.url!);
    gateway = await startTestGateway({ config: { shardMapFile: mapFile, projectionWaitMs: 1_500, live } });
    await startProjector();
    const [first, second] = await registerUsers(gateway, 2);
    [remote] = [first, second].filter(isOnB);
    chat = await befriend(gateway, first, second);
    // The tsc build alone takes minutes on a loaded machine.
  }, 300_000);
  afterAll(async () => {
    await projector?.end('SIGTERM');
    await gateway?.close();
    await databaseB?.drop();
    if (outDir) await removeBuild(outDir);
    await rm(folder, { recursive: true, force: true });
    // Closing the gateway and dropping a database each take tens of seconds on a loaded machine.
  }, 180_000);

  it('a viewer whose views are on the other database reads their own message at once with the mutation\'s viewVersion', async () => {
    const viewVersion = await send('read me back');
    expect(viewVersion).toMatch(/^tx:\d+$/);
    const response = await gateway.graphql(LIST, { minVersion: viewVersion }, remote);
    expect(response.errors).toBeUndefined();
    expect(response.data.conversations.edges.map((e: any) => e.node.lastMessage?.preview)).toEqual(['read me back']);
  });

  it('reports no projection lag once the projector has caught up', async () => {
    await until(async () => (await metric('hermet_projection_backlog_events')) === 0);
    expect(await metric('hermet_projection_lag_seconds')).toBe(0);
  });

  it('a subscriber whose views are on the other database hears of a change once the projector has applied it', async () => {
    const updates = await subscribe<{ conversationUpdated: { conversation: { lastMessage: { preview: string } } } }>(gateway, remote, operation('ConversationUpdated'));
    try {
      // With nobody projecting, the gateway's announcement at commit finds nothing new to send.
      await projector!.end('SIGTERM');
      await send('projected later');
      await sleep(500);
      expect(updates.received).toEqual([]);
      await startProjector();
      const [update] = await updates.until(1);
      expect(update!.conversationUpdated.conversation.lastMessage.preview).toBe('projected later');
    } finally {
      await updates.close();
    }
  });

  it('with the projector stopped, answers PROJECTION_BEHIND instead of older views, and lag grows; restarted, it catches up', async () => {
    await projector!.end('SIGTERM');
    expect(projector!.exited()).toBe('0');
    expect(projector!.lines.join('\n')).toMatch(/"message":"stopped"/);
    const viewVersion = await send('while nobody projects');
    const behind = await gateway.graphql(LIST, { minVersion: viewVersion }, remote);
    expect(behind.errors?.[0].extensions).toMatchObject({ code: 'PROJECTION_BEHIND', retryAfterSeconds: 1 });
    expect(behind.data).toBeNull();
    // The lag figure is in seconds of event age: wait until it is visibly above zero.
    await until(async () => (await metric('hermet_projection_lag_seconds')) > 0.2);
    expect(await metric('hermet_projection_backlog_events')).toBeGreaterThanOrEqual(1);

    await startProjector();
    // As a client does with a retryable error: ask again until the projection caught up.
    let caughtUp = behind;
    await until(async () => !(caughtUp = await gateway.graphql(LIST, { minVersion: viewVersion }, remote)).errors);
    expect(caughtUp.data.conversations.edges[0].node.lastMessage.preview).toBe('while nobody projects');
    await until(async () => (await metric('hermet_projection_lag_seconds')) === 0);
  });
});
