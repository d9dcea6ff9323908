import type { LoadShape } from './load/http-load.js';
import type { SustainedRateSearch } from './load/sustained-rate.js';

/**
 * How long and how hard each system is driven. Latency is judged at fixed rates (open loop);
 * throughput separately: as fast as `connections` callers go, and, for the lists issue 4's
 * throughput targets name, as the highest fixed rate at which p99 stays within 10 ms. Every
 * shape: a warm-up, then 3 runs.
 */
export interface MeasurementPlan {
  readonly users: number;
  readonly database: string;
  readonly warmUp: LoadShape;
  /** Before a command's runs, at its own rate (a nickname change is a 5,000-view fan-out: few of them). */
  readonly commandWarmUpSeconds: number;
  readonly shapes: ReadonlyArray<{ readonly label: string; readonly shape: LoadShape }>;
  readonly runsPerShape: number;
  readonly commandSeconds: number;
  readonly sustained: SustainedThroughputPlan;
}

/** Where and how the highest rate with p99 ≤ 10 ms is searched for (load/sustained-rate.ts). */
export interface SustainedThroughputPlan {
  readonly workloads: readonly string[];
  readonly search: SustainedRateSearch;
  /** One run of a probe, which is `runsPerShape` such runs at one rate. */
  readonly probe: Omit<LoadShape, 'rate'>;
}

const SUSTAINED_P99_MS = 10;

/** The label of the runs at the rate found, beside '300 req/s', '1,000 req/s' and 'saturation'. */
export const SUSTAINED = `p99 ≤ ${SUSTAINED_P99_MS} ms`;

export function measurementPlan(quick: boolean): MeasurementPlan {
  const seconds = quick ? 1 : 5;
  return {
    users: quick ? 5_000 : 100_000,
    database: quick ? 'hermet_bench_quick' : 'hermet_bench',
    // Long enough for a freshly started server to reach its steady state: the gateway's own p99
    // at 300 req/s was 130-205 ms in each of its first three 2-s windows of load (JIT, the pool
    // opening connections and preparing statements), then 9-50 ms (docs/benchmarks.md).
    warmUp: { rate: 300, connections: 50, seconds: quick ? 2 : 8 },
    commandWarmUpSeconds: quick ? 2 : 3,
    shapes: [
      { label: '300 req/s', shape: { rate: 300, connections: 50, seconds } },
      { label: '1,000 req/s', shape: { rate: 1_000, connections: 50, seconds } },
      { label: 'saturation', shape: { connections: 16, seconds } },
    ],
    // bench:quick only proves the harness works (CI): one run per shape; the real run takes 3.
    runsPerShape: quick ? 1 : 3,
    commandSeconds: quick ? 1 : 5,
    sustained: {
      workloads: ['conversations-page-1', 'contacts-page-1'],
      search: { p99LimitMs: SUSTAINED_P99_MS, probes: quick ? 3 : 5 },
      probe: { connections: 50, seconds: quick ? 1 : 3 },
    },
  };
}
