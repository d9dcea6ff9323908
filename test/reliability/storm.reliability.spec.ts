import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { registerUsers } from '../support/factories.js';
import { recordFigures } from '../support/reliability-figures.js';
import { planStorm, StormWorld } from '../support/storm/storm-commands.js';
import { lostAndPhantomWrites, runStorm, type Attempt } from '../support/storm/storm-run.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { viewDifferences } from '../support/view-consistency.js';

const SEED = 424242;
const USERS = 300;
const COMMANDS = 3_000;
const WORKERS = 8;
const READERS = 2;

describe('a storm of random commands from 8 parallel clients, checked against an oracle', () => {
  let gateway: TestGateway;
  let world: StormWorld;
  let attempts: Attempt[] = [];
  /** Per reader and channel, the last-message ids in the order that reader saw them. */
  const observed = new Map<string, string[]>();
  let seconds = 0;

  async function read(reader: number, user: string): Promise<void> {
    const response = await gateway.graphql('{ conversations(first: 50) { edges { node { id lastMessage { id } } } } }', {}, user);
    for (const { node } of response.data?.conversations.edges ?? []) {
      if (!node.lastMessage) continue;
      const key = `${reader}:${node.id}`;
      const seen = observed.get(key) ?? [];
      if (seen.at(-1) !== node.lastMessage.id) seen.push(node.lastMessage.id);
      observed.set(key, seen);
    }
  }

  beforeAll(async () => {
    gateway = await startTestGateway({ config: { databasePoolSize: 12 } });
    world = new StormWorld(await registerUsers(gateway, USERS));
    const readers = async (progress: { over: boolean }) => {
      await Promise.all(
        Array.from({ length: READERS }, async (_, n) => {
          for (let i = 0; !progress.over; i++) await read(n, world.users[(i * 7 + n) % USERS]);
        }),
      );
    };
    ({ attempts, seconds } = await runStorm(gateway, world, planStorm(SEED, COMMANDS, USERS), WORKERS, readers));
  }, 600_000);
  afterAll(() => gateway.close());

  it('leaves views equal to their recomputation, nothing lost or doubled, order as readers saw it', async () => {
    const database = gateway.database;
    const differences = await viewDifferences(database);
    const count = async (sql: string, ...values: unknown[]) => Number((await database.prisma.$queryRawUnsafe<{ n: bigint }[]>(sql, ...values))[0].n);

    const { lostWrites, phantomWrites } = await lostAndPhantomWrites(gateway, attempts);
    const duplicatedEvents = await count(`SELECT count(*) AS n FROM (SELECT payload->>'messageId' FROM outbox WHERE type = 'MessageSent' GROUP BY 1 HAVING count(*) > 1) AS d`);
    const missingEvents = await count(`SELECT count(*) AS n FROM message m WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.type = 'MessageSent' AND o.payload->>'messageId' = m.id::text)`);
    const orderViolations = await orderViolationsOf(observed, database);
    const metrics = await gateway.app.get(GatewayMetrics).registry.getMetricsAsJSON();
    const retries = metrics.find((m) => m.name === 'hermet_transaction_retries_total')?.values ?? [];
    const exhausted = metrics.find((m) => m.name === 'hermet_transaction_retries_exhausted_total')?.values[0]?.value ?? 0;
    const latencies = attempts.map((a) => a.ms).sort((a, b) => a - b);

    const figures = {
      seed: SEED,
      users: USERS,
      commandsSent: attempts.length,
      ok: attempts.filter((a) => a.outcome === 'ok').length,
      failed: attempts.filter((a) => a.outcome === 'failed').length,
      unknown: attempts.filter((a) => a.outcome === 'unknown').length,
      opsPerSecond: Math.round(attempts.length / seconds),
      p50Ms: Math.round(latencies[Math.floor(latencies.length * 0.5)]),
      p99Ms: Math.round(latencies[Math.floor(latencies.length * 0.99)]),
      viewRows: await count('SELECT (SELECT count(*) FROM user_conversation_view) + (SELECT count(*) FROM user_contact_view) AS n'),
      mismatchedRows: Object.values(differences).reduce((sum, rows) => sum + rows.length, 0) - differences.rowsOnTheWrongShard.length,
      rowsOnWrongShard: differences.rowsOnTheWrongShard.length,
      lostWrites,
      phantomWrites,
      eventsProduced: await count('SELECT count(*) AS n FROM outbox'),
      duplicatedEvents,
      missingEvents,
      readerObservations: [...observed.values()].reduce((sum, seen) => sum + seen.length, 0),
      orderViolations,
      retriesBySqlstate: Object.fromEntries(retries.map((r) => [r.labels.sqlstate, r.value])),
      retriesExhausted: exhausted,
    };
    figures.mismatchedRows = Math.max(0, figures.mismatchedRows);
    recordFigures('storm', figures);

    expect(figures.commandsSent).toBeGreaterThan(COMMANDS * 0.8);
    expect(figures.ok).toBeGreaterThan(figures.commandsSent / 3);
    expect(differences.conversationViewMissingOrWrong).toEqual([]);
    expect(differences.conversationViewExtraOrWrong).toEqual([]);
    expect(differences.contactViewMissingOrWrong).toEqual([]);
    expect(differences.contactViewExtraOrWrong).toEqual([]);
    expect(differences.conversationReverseIndex).toEqual([]);
    expect(differences.contactReverseIndex).toEqual([]);
    expect(differences.rowsOnTheWrongShard).toEqual([]);
    expect({ lostWrites, phantomWrites, duplicatedEvents, missingEvents, orderViolations, exhausted }).toEqual({
      lostWrites: 0,
      phantomWrites: 0,
      duplicatedEvents: 0,
      missingEvents: 0,
      orderViolations: 0,
      exhausted: 0,
    });
  });
});

/**
 * A reader may miss messages, but never sees a channel's last message go back to an earlier one
 * or to one that does not exist: what it saw is a subsequence of the channel's final order.
 */
async function orderViolationsOf(observed: Map<string, string[]>, database: TestGateway['database']): Promise<number> {
  const ids = [...new Set([...observed.values()].flat())].map(BigInt);
  const messages = await database.prisma.message.findMany({ where: { id: { in: ids } }, select: { id: true, channelId: true } });
  const channelOf = new Map(messages.map((m) => [m.id.toString(), m.channelId.toString()]));
  let violations = 0;
  for (const [key, seen] of observed) {
    const channel = key.split(':')[1];
    for (let i = 0; i < seen.length; i++) {
      if (channelOf.get(seen[i]) !== channel) violations += 1;
      // Message ids are taken under the channel's lock, so a channel's final order is id order.
      else if (i > 0 && BigInt(seen[i]) < BigInt(seen[i - 1])) violations += 1;
    }
  }
  return violations;
}
