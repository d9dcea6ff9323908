import autocannon from 'autocannon';
import type { ServerProcess } from '../systems/server-process.js';
import { carriesGraphqlErrors, httpCaller } from './http-call.js';
import { summarize, type LatencySummary } from './latency-summary.js';
import { runPaced, type CallFailure } from './paced-load.js';

/** One HTTP request of a workload; called for every request sent, so each can name another user. */
export type RequestMaker = () => { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };

/**
 * A fixed rate (open loop, paced-load.ts: `rate` × `seconds` requests, or `requests`) or, without
 * `rate`, as fast as `connections` allow (autocannon) for `seconds`, or until `requests` have
 * been answered (then `seconds` is only a limit).
 */
export interface LoadShape {
  readonly rate?: number;
  readonly connections: number;
  readonly seconds: number;
  readonly requests?: number;
  /** A request unanswered after this long counts as a timeout (default 10 s). */
  readonly timeoutSeconds?: number;
}

export interface RunResult extends LatencySummary {
  readonly requests: number;
  readonly requestsPerSecond: number;
  /**
   * Non-2xx answers, connection errors, timeouts, 2xx bodies carrying GraphQL `errors`, and the
   * gateway's coded refusals when overloaded (SERVICE_UNAVAILABLE): slow, like a timeout, not wrong.
   */
  readonly failures: { non2xx: number; errors: number; timeouts: number; errorBodies: number; overloaded: number };
  readonly valid: boolean;
  readonly serverCpuMsPerRequest: number | null;
  readonly serverPeakRssMb: number | null;
}

/** Answers that were wrong rather than slow: a non-2xx status, a broken connection, GraphQL `errors`. */
export function wrongAnswers(run: RunResult): number {
  return run.failures.non2xx + run.failures.errorBodies + run.failures.errors;
}

/** Runs the load from this process against a server in another; every response is checked. */
export async function runHttpLoad(baseUrl: string, makeRequest: RequestMaker, shape: LoadShape, server?: ServerProcess): Promise<RunResult> {
  const cpuBefore = server?.cpuMs();
  server?.takePeakRssMb();
  const { latencies, failures, seconds } = shape.rate ? await pacedRun(baseUrl, makeRequest, shape) : await closedLoopRun(baseUrl, makeRequest, shape);
  const requests = latencies.length;
  return {
    ...summarize(latencies),
    requests,
    requestsPerSecond: requests / seconds,
    failures,
    valid: requests > 0 && Object.values(failures).every((n) => n === 0),
    serverCpuMsPerRequest: server && cpuBefore !== undefined && requests ? (server.cpuMs() - cpuBefore) / requests : null,
    serverPeakRssMb: server ? server.takePeakRssMb() : null,
  };
}

interface LoadOutcome {
  readonly latencies: number[];
  readonly failures: Record<CallFailure, number>;
  /** What requests per second are counted over. */
  readonly seconds: number;
}

async function pacedRun(baseUrl: string, makeRequest: RequestMaker, shape: LoadShape): Promise<LoadOutcome> {
  const caller = httpCaller(baseUrl, makeRequest, shape.connections, shape.timeoutSeconds ?? 10);
  try {
    const run = await runPaced(caller.call, shape.rate!, shape.requests ?? Math.round(shape.rate! * shape.seconds));
    // Over the time the answers took: a server that falls behind the rate shows a lower one.
    return { ...run, seconds: Math.max(run.elapsedMs / 1000, shape.requests ? 0 : shape.seconds) };
  } finally {
    caller.close();
  }
}

async function closedLoopRun(baseUrl: string, makeRequest: RequestMaker, shape: LoadShape): Promise<LoadOutcome> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: shape.connections,
        ...(shape.requests ? { amount: shape.requests } : { duration: shape.seconds }),
        timeout: shape.timeoutSeconds ?? 10,
        requests: [{ setupRequest: (request) => ({ ...request, ...makeRequest() }) }],
        verifyBody: (body) => !carriesGraphqlErrors(String(body)),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
  return {
    latencies,
    failures: { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, errorBodies: result.mismatches, overloaded: 0 },
    seconds: shape.requests ? result.duration : shape.seconds,
  };
}
