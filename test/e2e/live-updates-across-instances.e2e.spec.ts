import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
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
