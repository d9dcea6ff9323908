import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { operation } from '../support/operations.js';
import { buildGateway, removeBuild, startGatewayProcess, type GatewayProcess } from '../support/gateway-process.js';
import { recordFigures } from '../support/reliability-figures.js';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../support/test-database.js';
import type { GraphQLResponse } from '../support/test-gateway.js';

const POOL_SIZE = 4;
const CONNECT_TIMEOUT_MS = 500;
const TRANSACTION_TIMEOUT_MS = 3_000;
/** Longer than any request may take by configuration: a request still open then is a hang. */
const WATCHDOG_MS = CONNECT_TIMEOUT_MS + TRANSACTION_TIMEOUT_MS + 5_000;
const WRITERS = 3 * POOL_SIZE;
const READERS = 3 * POOL_SIZE;

const UPDATE = 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id nickname } }';
const READ = '{ viewer { id } conversations(first: 5) { edges { node { id } } } contacts(first: 5) { edges { node { id } } } }';
/** The only code an exhausted pool may answer with. */
const OVERLOAD_CODE = 'SERVICE_UNAVAILABLE';

type Outcome = 'ok' | 'coded' | 'uncoded' | 'hang';

/** A request's outcome under the watchdog: a timed-out fetch is a hang, an answer is classified. */
/** What the uncoded answers said (kept in the figures, so a failure explains itself). */
const uncodedSamples: string[] = [];

async function outcomeOf(request: Promise<GraphQLResponse>): Promise<Outcome> {
  try {
    const response = await request;
    if (!response.errors?.length) return response.data ? 'ok' : uncoded(JSON.stringify(response));
    if (response.errors.every((error) => error.extensions?.code === OVERLOAD_CODE)) return 'coded';
    return uncoded(JSON.stringify(response.errors));
  } catch (error) {
    return (error as Error).name === 'TimeoutError' ? 'hang' : uncoded(String(error));
  }
}

function uncoded(what: string): Outcome {
  if (uncodedSamples.length < 5) uncodedSamples.push(what.slice(0, 300));
  return 'uncoded';
}

function count(outcomes: Outcome[], kind: Outcome): number {
  return outcomes.filter((outcome) => outcome === kind).length;
}

// A separate gateway process over a database server: the embedded database is one session.
(onRealPostgres ? describe : describe.skip)('a gateway process whose pool is three times oversubscribed', () => {
  let outDir: string;
  let testDatabase: TestDatabase;
  let gateway: GatewayProcess;
  let blocker: pg.Client;
  let target: string;
  let readers: string[];

  beforeAll(async () => {
    [outDir, testDatabase] = await Promise.all([buildGateway('pool'), createTestDatabase()]);
    gateway = await startGatewayProcess(outDir, testDatabase.url!, {
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      TRANSACTION_TIMEOUT_MS: String(TRANSACTION_TIMEOUT_MS),
    });
    const register = async (n: number) => {
      const response = await gateway.graphql(operation('RegisterUser'), { input: { username: `pool_${n}`, nickname: `Pool ${n}` } });
      return response.data.registerUser.id as string;
    };
    target = await register(0);
    readers = [];
    for (let n = 1; n <= READERS; n++) readers.push(await register(n));
    blocker = new pg.Client({ connectionString: testDatabase.url });
    await blocker.connect();
  }, 180_000);
  afterAll(async () => {
    await blocker?.end();
    await gateway?.stop();
    await testDatabase?.drop();
    if (outDir) await removeBuild(outDir);
  });

  it('answers every request with success or SERVICE_UNAVAILABLE in bounded time, stays up, and recovers', async () => {
    // Another session holds the target's row, so its profile updates occupy every pooled
    // connection until the transaction timeout, while readers queue behind them for a connection.
    await blocker.query('BEGIN');
    await blocker.query('SELECT id FROM "user" WHERE id = $1 FOR UPDATE', [target]);
    const started = Date.now();
    const timed = (request: Promise<GraphQLResponse>) => outcomeOf(request).then((outcome) => ({ outcome, ms: Date.now() - started }));
    const underLoad = await Promise.all([
      ...Array.from({ length: WRITERS }, (_, n) => timed(gateway.graphql(UPDATE, { input: { nickname: `Stuck ${n}` } }, target, WATCHDOG_MS))),
      ...readers.map((reader) => timed(gateway.graphql(READ, {}, reader, WATCHDOG_MS))),
    ]);
    await blocker.query('ROLLBACK');
    const stillUp = gateway.exited() === undefined;

    // Once the lock is gone, the same load succeeds entirely.
    const recovered = await Promise.all([
      ...Array.from({ length: WRITERS }, (_, n) => outcomeOf(gateway.graphql(UPDATE, { input: { nickname: `Free ${n}` } }, target, WATCHDOG_MS))),
      ...readers.map((reader) => outcomeOf(gateway.graphql(READ, {}, reader, WATCHDOG_MS))),
    ]);

    const outcomes = underLoad.map((result) => result.outcome);
    const figures = {
      poolSize: POOL_SIZE,
      concurrentRequests: underLoad.length,
      succeeded: count(outcomes, 'ok'),
      serviceUnavailable: count(outcomes, 'coded'),
      uncodedErrors: count(outcomes, 'uncoded') + count(recovered, 'uncoded'),
      hangs: count(outcomes, 'hang') + count(recovered, 'hang'),
      crashes: stillUp && gateway.exited() === undefined ? 0 : 1,
      slowestAnswerMs: Math.max(...underLoad.map((result) => result.ms)),
      recoveredOk: count(recovered, 'ok'),
      recoveredOf: recovered.length,
      uncodedSamples,
    };
    recordFigures('poolExhaustion', figures);

    expect(figures).toMatchObject({ hangs: 0, uncodedErrors: 0, crashes: 0 });
    // The pool really was exhausted: some requests were refused with the overload code.
    expect(figures.serviceUnavailable).toBeGreaterThan(0);
    expect(figures.recoveredOk).toBe(recovered.length);
  });
});
