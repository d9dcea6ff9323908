import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { CATCH_UP_CLOSE_CODE } from '../../src/live/live-subscription.js';
import { LiveFeeds } from '../../src/live/live-feeds.js';
import { readLiveConfig } from '../../src/live/live-config.js';
import { ConversationCache, CONVERSATION_FIELDS, type ConversationChange } from '../support/conversation-cache.js';
import { befriend, registerUsers, sendMessage } from '../support/factories.js';
import { subscribe } from '../support/live-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

describe('live updates across gateway instances (NATS)', () => {
  let first: TestGateway;
  let second: TestGateway;

  beforeAll(async () => {
    // A subject of this run's own, so that parallel runs never hear each other.
    const live = { ...readLiveConfig({}), natsUrl: NATS_URL, natsSubject: `hermet.test.${randomUUID()}` };
    first = await startTestGateway({ config: { live } });
    second = await startTestGateway({ config: { live }, sharing: first });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('a client on instance 2 sees a message sent through instance 1', async () => {
    const [alice, bob] = await registerUsers(first, 2);
    const chat = await befriend(first, bob!, alice!);
    const cache = new ConversationCache();
    await cache.sync(second, alice!);
    const live = await subscribe<{ conversationUpdated: ConversationChange }>(
      second,
      alice!,
      `subscription { conversationUpdated(sinceVersion: "${cache.highWaterMark}") { version inList conversation { ${CONVERSATION_FIELDS} } } }`,
    );
    await sendMessage(first, bob!, chat, 'through instance 1');
    const [update] = await live.until(1);
    await live.close();
    expect(update!.conversationUpdated.conversation).toMatchObject({ id: chat, lastMessage: { preview: 'through instance 1' } });
  });
});

describe('a subscriber too slow to read its updates', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({ config: { live: { ...readLiveConfig({}), maxPendingChanges: 5 } } });
  });
  afterAll(() => gateway.close());

  it(`is disconnected with close code ${CATCH_UP_CLOSE_CODE}, and catches up from the change feed`, async () => {
    const [alice, bob] = await registerUsers(gateway, 2);
    const chat = await befriend(gateway, bob!, alice!);
    const cache = new ConversationCache();
    await cache.sync(gateway, alice!);
    // A raw graphql-ws client that stops reading its socket once subscribed. Each update is made
    // large (many aliases) so that the kernel's socket buffers fill after a few dozen.
    const socket = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${await gateway.tokenFor(alice!)}` } }));
    await new Promise((resolve) => socket.once('message', resolve));
    const fields = Array.from({ length: 3_000 }, (_, i) => `a${i}: conversation { title lastMessage { preview } }`).join(' ');
    const query = `subscription { conversationUpdated(sinceVersion: "${cache.highWaterMark}") { version ${fields} } }`;
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
    socket.pause();

    const feeds = gateway.app.get(LiveFeeds);
    const closedSlow = async () => (await feeds.closedForCatchUp.get()).values.find((v) => v.labels.reason === 'slow')?.value ?? 0;
    let sent = 0;
    while ((await closedSlow()) === 0 && sent < 3_000) await sendMessage(gateway, bob!, chat, `message ${++sent}`);
    socket.resume();

    expect(await closedSlow()).toBe(1);
    expect(await closed).toBe(CATCH_UP_CLOSE_CODE);
    await cache.sync(gateway, alice!);
    expect(cache.list()).toMatchObject([{ id: chat, lastMessage: { preview: `message ${sent}` }, unreadCount: sent }]);
  }, 240_000);
});
