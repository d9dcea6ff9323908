import type { TestGateway } from '../test-gateway.js';
import { stormRequest, type PlannedCommand, type StormRequest, type StormWorld } from './storm-commands.js';

/** Refusals that leave the client not knowing whether the change committed. */
const UNKNOWN_CODES = new Set(['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']);

export type Outcome = 'ok' | 'failed' | 'unknown';

export interface Attempt {
  readonly index: number;
  /** performance.now() when it was sent. */
  readonly startedAt: number;
  readonly request: StormRequest;
  readonly outcome: Outcome;
  readonly data: any;
  readonly ms: number;
}

/** Sends one storm step as its client would, and says what the client can know of its fate. */
async function attempt(gateway: TestGateway, index: number, request: StormRequest): Promise<Attempt> {
  const started = performance.now();
  try {
    const response = await gateway.graphql(request.query, request.variables, request.as);
    const ms = performance.now() - started;
    const code = response.errors?.[0]?.extensions?.code;
    if (!response.errors) return { index, startedAt: started, request, outcome: 'ok', data: response.data, ms };
    return { index, startedAt: started, request, outcome: code && !UNKNOWN_CODES.has(code) ? 'failed' : 'unknown', data: null, ms };
  } catch {
    return { index, startedAt: started, request, outcome: 'unknown', data: null, ms: performance.now() - started };
  }
}

/**
 * Runs the plan from `workers` parallel clients; each acknowledged result teaches the world ids
 * for later steps. `during(progress)` runs alongside (readers, fault injection) until the end.
 */
export async function runStorm(
  gateway: TestGateway,
  world: StormWorld,
  plan: readonly PlannedCommand[],
  workers: number,
  during: (progress: { done: number; over: boolean }) => Promise<void> = async () => undefined,
  /** Numbers this storm's steps after an earlier storm's, so their markers never collide. */
  firstIndex = 0,
): Promise<{ attempts: Attempt[]; seconds: number }> {
  const attempts: Attempt[] = [];
  const progress = { done: 0, over: false };
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < plan.length; index = next++) {
      const request = stormRequest(plan[index], firstIndex + index, world);
      progress.done = index;
      if (!request) continue;
      const result = await attempt(gateway, firstIndex + index, request);
      attempts.push(result);
      if (result.outcome === 'ok') request.learn?.(result.data);
    }
  };
  const alongside = during(progress);
  await Promise.all(Array.from({ length: workers }, worker));
  const seconds = (performance.now() - started) / 1000;
  progress.over = true;
  await alongside;
  return { attempts, seconds };
}

/** Acknowledged writes that are missing, and refused ones that left a trace (by their marker). */
export async function lostAndPhantomWrites(gateway: TestGateway, attempts: readonly Attempt[]): Promise<{ lostWrites: number; phantomWrites: number }> {
  const count = async (sql: string, ...values: unknown[]) => Number((await gateway.database.prisma.$queryRawUnsafe<{ n: bigint }[]>(sql, ...values))[0].n);
  let lostWrites = 0;
  let phantomWrites = 0;
  for (const { request, outcome, data } of attempts) {
    if (!request.marker) continue;
    const { table, text } = request.marker;
    if (outcome === 'ok' && table === 'message') {
      lostWrites += await count('SELECT 1 - count(*) AS n FROM message WHERE id = $1::bigint AND body = $2', data.sendMessage.id, text);
    }
    if (outcome === 'ok' && table === 'channel') lostWrites += await count('SELECT 1 - count(*) AS n FROM channel WHERE id = $1::bigint', data.createGroup.id);
    if (outcome === 'failed') {
      const column = table === 'message' ? 'body' : 'name';
      if ((await count(`SELECT count(*) AS n FROM ${table} WHERE ${column} = $1`, text)) > 0) phantomWrites += 1;
    }
  }
  return { lostWrites, phantomWrites };
}
