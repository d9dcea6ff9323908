import { summarize } from './latency-summary.js';
import type { LoadShape, RunResult } from './http-load.js';

/**
 * The same load shapes for a call made inside this process (the pg floor: SQL through `pg`, no
 * HTTP). A fixed rate issues calls on a 2 ms tick whatever is outstanding (open loop, latency
 * counted from when a call was due); without a rate, `connections` callers run back to back.
 */
export async function runInProcessLoad(call: () => Promise<unknown>, shape: LoadShape): Promise<RunResult> {
  const latencies: number[] = [];
  let failures = 0;
  const end = performance.now() + shape.seconds * 1000;
  const timed = async (due: number) => {
    try {
      await call();
      latencies.push(performance.now() - due);
    } catch {
      failures++;
    }
  };
  if (shape.rate) {
    const pending: Promise<void>[] = [];
    const start = performance.now();
    let issued = 0;
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const now = performance.now();
        if (now >= end) {
          clearInterval(tick);
          resolve();
          return;
        }
        const due = Math.floor(((now - start) / 1000) * shape.rate!);
        for (; issued < due; issued++) pending.push(timed(start + (issued / shape.rate!) * 1000));
      }, 2);
    });
    await Promise.all(pending);
  } else {
    await Promise.all(
      Array.from({ length: shape.connections }, async () => {
        while (performance.now() < end) await timed(performance.now());
      }),
    );
  }
  return {
    ...summarize(latencies),
    requests: latencies.length,
    requestsPerSecond: latencies.length / shape.seconds,
    failures: { non2xx: 0, errors: failures, timeouts: 0, errorBodies: 0 },
    valid: latencies.length > 0 && failures === 0,
    serverCpuMsPerRequest: null,
    serverPeakRssMb: null,
  };
}
