import autocannon from 'autocannon';
import type { ServerProcess } from '../systems/server-process.js';
import { summarize, type LatencySummary } from './latency-summary.js';

/** One HTTP request of a workload; called for every request sent, so each can name another user. */
export type RequestMaker = () => { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };

/**
 * A fixed rate (open loop, autocannon's overallRate) or, without `rate`, as fast as `connections`
 * allow; for `seconds`, or until `requests` have been answered (then `seconds` is only a limit).
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
  /** Non-2xx answers, connection errors, timeouts, and 2xx bodies carrying GraphQL `errors`. */
  readonly failures: { non2xx: number; errors: number; timeouts: number; errorBodies: number };
  readonly valid: boolean;
  readonly serverCpuMsPerRequest: number | null;
  readonly serverPeakRssMb: number | null;
}

/** Runs autocannon from this process against a server in another; every response is checked. */
export async function runHttpLoad(baseUrl: string, makeRequest: RequestMaker, shape: LoadShape, server?: ServerProcess): Promise<RunResult> {
  const latencies: number[] = [];
  const cpuBefore = server?.cpuMs();
  server?.takePeakRssMb();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: shape.connections,
        ...(shape.requests ? { amount: shape.requests } : { duration: shape.seconds }),
        ...(shape.rate ? { overallRate: shape.rate } : {}),
        timeout: shape.timeoutSeconds ?? 10,
        requests: [{ setupRequest: (request) => ({ ...request, ...makeRequest() }) }],
        verifyBody: (body) => !String(body).includes('"errors"'),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
  const requests = latencies.length;
  const failures = { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, errorBodies: result.mismatches };
  return {
    ...summarize(latencies),
    requests,
    requestsPerSecond: requests / (shape.requests ? result.duration : shape.seconds),
    failures,
    valid: requests > 0 && Object.values(failures).every((n) => n === 0),
    serverCpuMsPerRequest: server && cpuBefore !== undefined && requests ? (server.cpuMs() - cpuBefore) / requests : null,
    serverPeakRssMb: server ? server.takePeakRssMb() : null,
  };
}
