import { summarize } from './latency-summary.js';
import type { LoadShape, RunResult } from './http-load.js';
import { runPaced } from './paced-load.js';

/**
 * The same load shapes for a call made inside this process (the pg floor: SQL through `pg`, no
 * HTTP). A fixed rate is paced open loop (paced-load.ts); without a rate, `connections` callers
 * run back to back.
 */
export async function runInProcessLoad(call: () => Promise<unknown>, shape: LoadShape): Promise<RunResult> {
  if (shape.rate) {
    const run = await runPaced(() => call().then(() => null), shape.rate, Math.round(shape.rate * shape.seconds));
    return result(run.latencies, run.failures.errors, shape.seconds);
  }
  const latencies: number[] = [];
  let failures = 0;
  const end = performance.now() + shape.seconds * 1000;
  await Promise.all(
    Array.from({ length: shape.connections }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        try {
          await call();
          latencies.push(performance.now() - started);
        } catch {
          failures++;
        }
      }
    }),
  );
  return result(latencies, failures, shape.seconds);
}

function result(latencies: number[], failures: number, seconds: number): RunResult {
  return {
    ...summarize(latencies),
    requests: latencies.length,
    requestsPerSecond: latencies.length / seconds,
    failures: { non2xx: 0, errors: failures, timeouts: 0, errorBodies: 0, overloaded: 0 },
    valid: latencies.length > 0 && failures === 0,
    serverCpuMsPerRequest: null,
    serverPeakRssMb: null,
  };
}
