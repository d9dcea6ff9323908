import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { nanos } from 'nats';
import pg from 'pg';
import { CrashLoop, planFaults, startCliProcess, terminateSessionsOf, waitUntil, type CliProcess } from '../support/crash-loop.js';
import { registerUsers } from '../support/factories.js';
import { buildGateway, removeBuild } from '../support/gateway-process.js';
import { createStream, deleteStream, storedEvents, uniqueStream, type StoredEvent } from '../support/nats-stream.js';
import { describeWithServices } from '../support/real-services.js';
import { recordFigures } from '../support/reliability-figures.js';
import { planStorm, StormWorld } from '../support/storm/storm-commands.js';
import { runStorm, type Attempt } from '../support/storm/storm-run.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const SEED = 31337;
const USERS = 100;
const COMMANDS = 1_200;
const WORKERS = 8;
/** Each fault strikes this long into the life of the relay process it hits. */
const FAULT_AFTER_MS = { min: 300, max: 2_500 };
const FAULTS = 200;
/**
 * Kills besides the deliberate one, struck after the storm if need be (the restarted relays are
 * publishing its backlog then): a 10 s storm was over after 5 relay lives.
 */
const MIN_KILLS = 5;
/** The rows the test holds locked so the relay publishes them and then waits to mark them. */
const HELD_ROWS = 20;
/** Small batches and no idling: the relay spends its life publishing, where crashes hurt. */
const RELAY_ENV = { RELAY_BATCH_SIZE: '50', RELAY_IDLE_MS: '20', RELAY_MAX_BACKOFF_MS: '500', DATABASE_POOL_SIZE: '2' };
const APPLICATION_NAME = 'hermet-relay-crash-test';
/**
 * JetStream forgets a message id after this window (2 minutes by default); the test's stream
 * forgets after 1 s, so a restarted relay that published again would store copies.
 */
const DUPLICATE_WINDOW_MS = 1_000;

describeWithServices(['TEST_DATABASE_URL', 'TEST_NATS_URL'], '`hermet relay` SIGKILLed and cut off from its database again and again during a storm', () => {
  const natsUrl = process.env.TEST_NATS_URL!;
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const names = uniqueStream();
  let outDir: string;
  let gateway: TestGateway;
  let sql: pg.Pool;
  let attempts: Attempt[] = [];
  let loop: CrashLoop;
  /** Events in the stream when the relay was killed between publishing and marking. */
  let publishedBeforeWindowKill = 0;
  let drainMs = 0;
  let stormSeconds = 0;

  const relay = (): CliProcess => startCliProcess(outDir, ['relay'], { ...relayEnv(), NATS_URL: natsUrl, NATS_STREAM: names.stream, NATS_SUBJECT_PREFIX: names.subjectPrefix });
  const relayEnv = () => {
    const url = new URL(gateway.testDatabase.url!);
    url.searchParams.set('application_name', APPLICATION_NAME);
    return { ...RELAY_ENV, DATABASE_URL: url.toString() };
  };
  const unpublished = async () => (await sql.query('SELECT count(*)::int AS n FROM outbox WHERE published_at = 0')).rows[0].n as number;

  beforeAll(async () => {
    [outDir, gateway] = await Promise.all([buildGateway('relay-crash'), startTestGateway({ config: { databasePoolSize: 12 } })]);
    sql = new pg.Pool({ connectionString: gateway.testDatabase.url, max: 2 });
    await createStream(natsUrl, names, { duplicate_window: nanos(DUPLICATE_WINDOW_MS) });
    const world = new StormWorld(await registerUsers(gateway, USERS));
    publishedBeforeWindowKill = await killBetweenPublishAndMark();
    await sleep(DUPLICATE_WINDOW_MS * 2);
    loop = new CrashLoop(relay, planFaults(SEED, FAULTS, FAULT_AFTER_MS), () => terminateSessionsOf(serverUrl, APPLICATION_NAME));
    ({ attempts, seconds: stormSeconds } = await runStorm(gateway, world, planStorm(SEED, COMMANDS, USERS), WORKERS));
    await loop.stopOnceStruck(MIN_KILLS);
    const stormOver = Date.now();
    await waitUntil('the restarted relay drains the outbox', async () => (await unpublished()) === 0, 60_000);
    drainMs = Date.now() - stormOver;
    await loop.close();
  }, 300_000);

  afterAll(async () => {
    await loop?.close();
    await sql?.end();
    await gateway?.close();
    await deleteStream(natsUrl, names.stream);
    if (outDir) await removeBuild(outDir);
  });

  /**
   * The at-least-once window, hit on purpose: the test locks the oldest unpublished rows, so the
   * relay publishes its batch and then waits to mark it; it is killed right there. Answers how
   * many events the stream held at that moment (all of them published, none marked).
   */
  async function killBetweenPublishAndMark(): Promise<number> {
    const holder = await sql.connect();
    const victim = relay();
    try {
      await holder.query('BEGIN');
      const held = await holder.query('SELECT id FROM outbox WHERE published_at = 0 ORDER BY id LIMIT $1 FOR UPDATE', [HELD_ROWS]);
      expect(held.rowCount).toBe(HELD_ROWS);
      await waitUntil('the relay waits to mark rows it published', () => relayWaitsOnLock(), 30_000);
      await victim.end('SIGKILL');
      return (await storedEvents(natsUrl, names.stream)).length;
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
      await victim.end('SIGKILL');
    }
  }

  async function relayWaitsOnLock(): Promise<boolean> {
    const { rowCount } = await sql.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [APPLICATION_NAME]);
    return rowCount === 1;
  }

  it('delivers every outbox event exactly once to the stream, in outbox order per aggregate, and drains', async () => {
    const outbox = (await sql.query<{ id: string; subject: string }>(
      `SELECT id::text, $1 || '.' || aggregate || '.' || aggregate_id AS subject FROM outbox ORDER BY id`,
      [names.subjectPrefix],
    )).rows;
    const stored = await storedEvents(natsUrl, names.stream);
    const delivery = compareDelivery(outbox, stored);
    const lines = loop.lines;
    const figures = {
      seed: SEED,
      commandsSent: attempts.length,
      ok: attempts.filter((a) => a.outcome === 'ok').length,
      stormSeconds: Math.round(stormSeconds),
      relayStarts: loop.figures.starts + 1,
      relayKills: loop.figures.kills + 1,
      killsBetweenPublishAndMark: 1,
      sessionTerminations: loop.figures.sessionTerminations,
      sessionsTerminated: loop.figures.sessionsTerminated,
      unexpectedRelayExits: loop.figures.unexpectedExits,
      outboxEvents: outbox.length,
      eventsPublished: stored.length,
      republishesSkipped: reported(lines, /(\d+) events found already in the stream/),
      republishesDroppedByStream: reported(lines, /(\d+) republished events dropped by the stream/),
      ...delivery,
      drainMs,
    };
    recordFigures('relayCrash', figures);

    expect(figures.relayKills).toBeGreaterThan(MIN_KILLS);
    expect(figures.sessionsTerminated).toBeGreaterThan(0);
    expect(figures.ok).toBeGreaterThan(figures.commandsSent / 3);
    // The batch published before the deliberate kill was found in the stream after the restart.
    expect(figures.republishesSkipped).toBeGreaterThanOrEqual(publishedBeforeWindowKill);
    expect(publishedBeforeWindowKill).toBeGreaterThanOrEqual(HELD_ROWS);
    const { eventsDelivered, ...wrong } = delivery;
    expect(eventsDelivered).toBe(outbox.length);
    expect({ ...wrong, unexpectedRelayExits: figures.unexpectedRelayExits }).toEqual({
      missingEvents: 0,
      phantomEvents: 0,
      duplicatedEvents: 0,
      outOfOrderEvents: 0,
      misroutedEvents: 0,
      unexpectedRelayExits: 0,
    });
  });
});

/**
 * The stream, judged against the outbox: ids never delivered, delivered ids the outbox never had,
 * extra copies, events stored behind a later event of their aggregate, and events on a subject
 * other than their aggregate's.
 */
function compareDelivery(outbox: readonly { id: string; subject: string }[], stored: readonly StoredEvent[]) {
  const subjectOf = new Map(outbox.map((row) => [row.id, row.subject]));
  const copies = new Map<string, number>();
  for (const event of stored) copies.set(event.id, (copies.get(event.id) ?? 0) + 1);
  const lastPerSubject = new Map<string, bigint>();
  let outOfOrderEvents = 0;
  for (const event of stored) {
    const id = BigInt(event.id);
    if (id < (lastPerSubject.get(event.subject) ?? 0n)) outOfOrderEvents++;
    else lastPerSubject.set(event.subject, id);
  }
  return {
    eventsDelivered: copies.size,
    missingEvents: outbox.filter((row) => !copies.has(row.id)).length,
    phantomEvents: [...copies.keys()].filter((id) => !subjectOf.has(id)).length,
    duplicatedEvents: [...copies.values()].reduce((sum, n) => sum + n - 1, 0),
    outOfOrderEvents,
    misroutedEvents: stored.filter((event) => subjectOf.has(event.id) && subjectOf.get(event.id) !== event.subject).length,
  };
}

/** The sum of the counts the relay processes reported in lines matching `pattern`. */
function reported(lines: readonly string[], pattern: RegExp): number {
  return lines.reduce((sum, line) => sum + Number(pattern.exec(line)?.[1] ?? 0), 0);
}
