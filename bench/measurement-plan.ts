import type { LoadShape } from './load/http-load.js';

/**
 * How long and how hard each system is driven. Latency is judged at fixed rates (open loop);
 * throughput separately, as fast as `connections` callers go. Every shape: a warm-up, then 3 runs.
 */
export interface MeasurementPlan {
  readonly users: number;
  readonly database: string;
  readonly warmUp: LoadShape;
  readonly shapes: ReadonlyArray<{ readonly label: string; readonly shape: LoadShape }>;
  readonly runsPerShape: number;
  readonly commandSeconds: number;
}

export function measurementPlan(quick: boolean): MeasurementPlan {
  const seconds = quick ? 1 : 5;
  return {
    users: quick ? 5_000 : 100_000,
    database: quick ? 'hermet_bench_quick' : 'hermet_bench',
    // Long enough for a first request's planning and JIT even on a busy machine.
    warmUp: { rate: 300, connections: 50, seconds: quick ? 2 : 3 },
    shapes: [
      { label: '300 req/s', shape: { rate: 300, connections: 50, seconds } },
      { label: '1,000 req/s', shape: { rate: 1_000, connections: 50, seconds } },
      { label: 'saturation', shape: { connections: 16, seconds } },
    ],
    // bench:quick only proves the harness works (CI): one run per shape; the real run takes 3.
    runsPerShape: quick ? 1 : 3,
    commandSeconds: quick ? 1 : 5,
  };
}
