import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { projectionBacklog } from '../../src/projector/projection-backlog.js';
import { readCheckpoint } from '../../src/projector/projection-checkpoint.js';
import { CrashLoop, planFaults, startCliProcess, terminateSessionsOf, waitUntil, type CliProcess } from '../support/crash-loop.js';
import { registerUsers } from '../support/factories.js';
import { buildGateway, removeBuild } from '../support/gateway-process.js';
import { SHARDS_ON_B, SHARDS_ON_PRIMARY, writeSplitShardMap } from '../support/projection.js';
import { describeWithServices } from '../support/real-services.js';
import { recordFigures } from '../support/reliability-figures.js';
import { planStorm, StormWorld } from '../support/storm/storm-commands.js';
import { runStorm, type Attempt } from '../support/storm/storm-run.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { shardViewDifferences, type ShardViewDifferences } from '../support/view-consistency.js';

const SEED = 80808;
const USERS = 60;
const COMMANDS = 500;
const WORKERS = 8;
/** Each fault strikes this long into the life of the projector process it hits. */
const FAULT_AFTER_MS = { min: 100, max: 1_000 };
const FAULTS = 200;
/**
 * The plan keeps striking after the storm (the restarted projectors are catching up then) until
 * this many kills: on a fast machine the storm alone can be over after a few projector lives.
 */
const MIN_KILLS = 8;
/** Small rounds and no idling: the projector spends its life inside rounds, where crashes hurt. */
const PROJECTOR_ENV = { PROJECTOR_BATCH_SIZE: '20', PROJECTOR_IDLE_MS: '20', PROJECTOR_MAX_BACKOFF_MS: '500', DATABASE_POOL_SIZE: '2' };
const APPLICATION_NAME = 'hermet-projector-crash-test';

describeWithServices(['TEST_DATABASE_URL'], '`hermet project` SIGKILLed and cut off from its databases again and again during a storm', () => {
  const serverUrl = process.env.TEST_DATABASE_URL!;
  let folder: string;
  let outDir: string;
  let databaseB: TestDatabase;
  let gateway: TestGateway;
  let projectorMap: string;
  let attempts: Attempt[] = [];
  let loop: CrashLoop;
  let drainMs = 0;
  let stormSeconds = 0;

  /** The projector's sessions on both databases carry APPLICATION_NAME (the gateway's do not). */
  const named = (url: string) => {
    const named = new URL(url);
    named.searchParams.set('application_name', APPLICATION_NAME);
    return named.toString();
  };
  const projector = (): CliProcess =>
    startCliProcess(outDir, ['project'], { ...PROJECTOR_ENV, DATABASE_URL: named(gateway.testDatabase.url!), SHARD_MAP_FILE: projectorMap });
  const backlog = async () => (await projectionBacklog(gateway.database, databaseB.database)).events;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hermet-projector-crash-'));
    [outDir, databaseB] = await Promise.all([buildGateway('projector-crash'), createTestDatabase()]);
    const gatewayMap = await writeSplitShardMap(join(folder, 'gateway.json'), databaseB.url!);
    projectorMap = await writeSplitShardMap(join(folder, 'projector.json'), named(databaseB.url!));
    gateway = await startTestGateway({ config: { shardMapFile: gatewayMap, databasePoolSize: 12 } });
    const world = new StormWorld(await registerUsers(gateway, USERS));
    loop = new CrashLoop(projector, planFaults(SEED, FAULTS, FAULT_AFTER_MS), () => terminateSessionsOf(serverUrl, APPLICATION_NAME));
    ({ attempts, seconds: stormSeconds } = await runStorm(gateway, world, planStorm(SEED, COMMANDS, USERS), WORKERS));
    await loop.stopOnceStruck(MIN_KILLS);
    const faultsOver = Date.now();
    await waitUntil('the restarted projector drains the outbox', async () => (await backlog()) === 0, 60_000);
    drainMs = Date.now() - faultsOver;
    await loop.close();
  }, 300_000);

  afterAll(async () => {
    await loop?.close();
    await gateway?.close();
    await databaseB?.drop();
    if (outDir) await removeBuild(outDir);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('leaves every database with views equal to their recomputation, every event applied once, and the checkpoint at the end', async () => {
    const onB = await shardViewDifferences(gateway.database, databaseB.database, SHARDS_ON_B);
    const onPrimary = await shardViewDifferences(gateway.database, gateway.database, SHARDS_ON_PRIMARY);
    const applications = await eventApplications();
    const checkpoint = await readCheckpoint(databaseB.database.prisma);
    const figures = {
      seed: SEED,
      commandsSent: attempts.length,
      ok: attempts.filter((a) => a.outcome === 'ok').length,
      stormSeconds: Math.round(stormSeconds),
      projectorStarts: loop.figures.starts,
      projectorKills: loop.figures.kills,
      sessionTerminations: loop.figures.sessionTerminations,
      sessionsTerminated: loop.figures.sessionsTerminated,
      unexpectedProjectorExits: loop.figures.unexpectedExits,
      viewRowsExpectedOnB: onB.expectedRows,
      viewRowsExpectedOnPrimary: onPrimary.expectedRows,
      viewDifferences: differenceCount(onB) + differenceCount(onPrimary),
      ...applications,
      backlogAfterDrain: await backlog(),
      drainMs,
    };
    recordFigures('projectorCrash', figures);

    expect(figures.projectorKills).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(figures.sessionsTerminated).toBeGreaterThan(0);
    expect(figures.ok).toBeGreaterThan(figures.commandsSent / 3);
    expect(onB.expectedRows).toBeGreaterThan(0);
    expect(onPrimary.expectedRows).toBeGreaterThan(0);
    expect(applications.eventsApplied).toBe(applications.outboxEvents);
    expect({
      viewDifferences: figures.viewDifferences,
      missingApplications: applications.missingApplications,
      phantomApplications: applications.phantomApplications,
      doubleApplications: applications.doubleApplications,
      unexpectedProjectorExits: figures.unexpectedProjectorExits,
      backlogAfterDrain: figures.backlogAfterDrain,
    }).toEqual({ viewDifferences: 0, missingApplications: 0, phantomApplications: 0, doubleApplications: 0, unexpectedProjectorExits: 0, backlogAfterDrain: 0 });
    // The checkpoint sits on the last outbox row in (tx_id, id) order, and past its transaction.
    const [last] = await gateway.database.prisma.$queryRaw<{ id: bigint; txId: bigint }[]>`SELECT id, tx_id AS "txId" FROM outbox ORDER BY tx_id DESC, id DESC LIMIT 1`;
    expect({ txId: checkpoint.txId, outboxId: checkpoint.outboxId }).toEqual({ txId: last.txId, outboxId: last.id });
    expect(checkpoint.projectedBelow).toBeGreaterThan(last.txId);
  });

  /**
   * Every outbox event (all of them reach database b: the projector records each event it reads)
   * against b's projection_applied_event. Its primary key already refuses a second application;
   * the count of copies is measured anyway, so a dropped key would show.
   */
  async function eventApplications() {
    const outbox = new Set((await gateway.database.prisma.$queryRaw<{ id: bigint }[]>`SELECT id FROM outbox`).map((r) => r.id.toString()));
    const applied = (await databaseB.database.prisma.$queryRaw<{ id: bigint }[]>`SELECT event_id AS id FROM projection_applied_event`).map((r) => r.id.toString());
    const distinct = new Set(applied);
    return {
      outboxEvents: outbox.size,
      eventsApplied: distinct.size,
      missingApplications: [...outbox].filter((id) => !distinct.has(id)).length,
      phantomApplications: [...distinct].filter((id) => !outbox.has(id)).length,
      doubleApplications: applied.length - distinct.size,
    };
  }
});

function differenceCount(d: ShardViewDifferences): number {
  return d.conversationViewMissingOrWrong.length + d.conversationViewExtraOrWrong.length + d.contactViewMissingOrWrong.length + d.contactViewExtraOrWrong.length;
}
