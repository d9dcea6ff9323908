import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CATCH_UP_CLOSE_CODE } from '../../src/live/live-subscription.js';
import { LiveFeeds } from '../../src/live/live-feeds.js';
import { readLiveConfig } from '../../src/live/live-config.js';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { ConversationCache, CONVERSATION_FIELDS, freshConversationList, type ConversationChange } from '../support/conversation-cache.js';
import { createGroup, registerUser, sendMessage } from '../support/factories.js';
import { connectLive, subscribe } from '../support/live-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** Small server bounds, so that a stalled client passes them after a modest flood. */
const LIVE = { ...readLiveConfig({}), maxPendingChanges: 20, maxBufferedBytes: 64 * 1024 };
/** Bytes per update are amplified within the edge limits: members with long profiles, shown by several aliases… */
const MEMBERS = 30;
const MEMBER_ALIASES = 8;
/** …on several subscriptions of one connection. */
const SUBSCRIPTIONS = 4;
/** A flood that has not closed the client by then never will: the test fails instead of waiting. */
const MAX_FLOOD = 400;

const AMPLIFIED = `subscription Amplified($since: String) { conversationUpdated(sinceVersion: $since) { version inList conversation {
  ${CONVERSATION_FIELDS}
  ${Array.from({ length: MEMBER_ALIASES }, (_, i) => `m${i}: members(first: ${MEMBERS}) { id nickname avatarUrl }`).join('\n  ')} } } }`;

type Update = { conversationUpdated: ConversationChange };

describe('a client that stops reading its live updates', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({ config: { live: LIVE } });
  });
  afterAll(() => gateway.close());

  /** Clients closed as too slow so far (read in the gateway's process, which the test shares). */
  const slowClosures = async () => (await gateway.app.get(LiveFeeds).closedForCatchUp.get()).values.find((v) => v.labels.reason === 'slow')?.value ?? 0;

  it('is closed with 4508 instead of buffered without bound, then catches up from its last version and ends equal to a fresh query', async () => {
    const { alice, bob, group } = await groupWithLongProfiles(gateway);
    const cache = new ConversationCache();
    await cache.sync(gateway, alice);

    const connection = await connectLive(gateway, alice);
    const probes = Array.from({ length: SUBSCRIPTIONS }, () =>
      connection.subscribe<Update>({ query: AMPLIFIED, variables: { since: cache.highWaterMark } }),
    );
    await sendMessage(gateway, bob, group, 'before the stall');
    await Promise.all(probes.map((probe) => probe.until(1)));
    const updateBytes = Math.max(...probes[0]!.received.map((update) => JSON.stringify(update).length));

    // The client stops reading; bob keeps writing until the gateway gives up on the client.
    connection.pause();
    let flood = 0;
    while ((await slowClosures()) === 0) {
      if (flood === MAX_FLOOD) throw new Error(`the stalled client was still open after ${MAX_FLOOD} messages`);
      await sendMessage(gateway, bob, group, `flood ${++flood} ${'x'.repeat(60)}`);
    }
    connection.resume();
    const closed = await connection.closed;
    expect(closed).toEqual({ code: CATCH_UP_CLOSE_CODE, reason: 'subscriber too slow: catch up with the change feed' });

    // Bounded memory: what waited in the client's socket, seen at every update sent, never passed
    // the server's bound plus one update per subscription (graphql-ws sends one at a time per
    // subscription), while the flood offered many times that; and the client did not get it all.
    const bound = LIVE.maxBufferedBytes + SUBSCRIPTIONS * (updateBytes + 1024);
    const buffered = await sendBufferObservations(gateway);
    expect(buffered.above(bound)).toBe(0);
    expect(buffered.count).toBeGreaterThan(0);
    expect(flood * SUBSCRIPTIONS * updateBytes).toBeGreaterThan(4 * bound);
    // The subscription that found the client too slow never sent the change it was reading.
    const received = probes.reduce((sum, probe) => sum + probe.received.length, 0);
    expect(received).toBeLessThan(SUBSCRIPTIONS * (flood + 1));

    // Catch up: apply what arrived, read the feed from the last version, and go live again.
    for (const update of probes[0]!.received) cache.apply(update.conversationUpdated);
    cache.highWaterMark = probes[0]!.received.at(-1)!.conversationUpdated.version;
    await cache.sync(gateway, alice);
    const again = await subscribe<Update>(gateway, alice, { query: AMPLIFIED, variables: { since: cache.highWaterMark } });
    await sendMessage(gateway, bob, group, 'after the catch-up');
    const [last] = await again.until(1);
    await again.close();
    expect(last!.conversationUpdated.conversation).toMatchObject({ id: group, lastMessage: { preview: 'after the catch-up' } });
    cache.apply(last!.conversationUpdated);

    const fresh = await freshConversationList(gateway, alice);
    expect(stripMembers(cache.list())).toEqual(fresh);
    expect(fresh).toContainEqual(expect.objectContaining({ id: group, unreadCount: flood + 2 }));
  });
});

/** alice, bob and the rest of a group whose members have the longest profiles the rules allow. */
async function groupWithLongProfiles(gateway: TestGateway) {
  const members: string[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const member = await registerUser(gateway, `${'N'.repeat(60)}${i}`.slice(-64));
    const avatarUrl = `https://avatars.example/${'a'.repeat(480)}/${i}.png`;
    const updated = await gateway.graphql(`mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }`, { input: { avatarUrl } }, member);
    expect(updated.errors).toBeUndefined();
    members.push(member);
  }
  const [alice, bob] = members as [string, string];
  const group = await createGroup(gateway, bob, members.slice(2).concat(alice), 'Flood');
  return { alice, bob, group };
}

/** The cached rows as a plain list query shows them (the amplifying aliases left out). */
function stripMembers(rows: Array<Record<string, unknown>>) {
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !/^m\d+$/.test(key))));
}

/** hermet_live_send_buffer_bytes, read in the gateway's process: how many observations, and how many passed a bound. */
async function sendBufferObservations(gateway: TestGateway) {
  const { values } = await gateway.app.get(GatewayMetrics).liveSendBuffer.get();
  const buckets = values.filter((v) => v.metricName === 'hermet_live_send_buffer_bytes_bucket');
  const count = buckets.find((v) => v.labels.le === '+Inf')!.value;
  return {
    count,
    /** Observations above `bound`, counted from the smallest bucket at least as large. */
    above(bound: number) {
      const bucket = buckets.filter((v) => v.labels.le !== '+Inf' && Number(v.labels.le) >= bound).sort((a, b) => Number(a.labels.le) - Number(b.labels.le))[0];
      if (!bucket) throw new Error(`no bucket of hermet_live_send_buffer_bytes holds ${bound} bytes`);
      return count - bucket.value;
    },
  };
}
