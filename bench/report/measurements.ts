import type { RunResult } from '../load/http-load.js';
import { spread, type Spread } from '../load/latency-summary.js';
import type { DatabaseWorkPerRequest } from './database-activity.js';
import type { SustainedRate } from '../load/sustained-rate.js';
import type { FanOutDelay } from './fan-out-delay.js';

/** Repeated runs of one system on one workload at one load shape, reduced to median + spread. */
export interface Measurement {
  readonly workload: string;
  readonly system: string;
  readonly shape: string;
  readonly targetRate: number | null;
  readonly connections: number;
  readonly runs: readonly RunResult[];
  readonly valid: boolean;
  /** False when a fixed-rate run fell more than 5 % short of its rate (its latencies then mean little). */
  readonly rateReached: boolean;
  readonly requestsPerSecond: Spread;
  readonly p50: Spread;
  readonly p95: Spread;
  readonly p99: Spread;
  readonly max: Spread;
  readonly serverCpuMsPerRequest: number | null;
  readonly serverPeakRssMb: number | null;
  /** What the benchmark database did per request over the measured runs (saturation and command runs only). */
  readonly databaseWork?: DatabaseWorkPerRequest | null;
  /** A command whose views change after its commit: how long the members waited (the measured runs). */
  readonly fanOutDelay?: FanOutDelay;
  /** The search for the highest rate with p99 ≤ 10 ms (shape SUSTAINED), whose runs at the rate found are `runs` (none when it is 0). */
  readonly sustained?: Omit<SustainedRate, 'runs'>;
}

export function measurement(workload: string, system: string, shape: string, targetRate: number | null, connections: number, runs: RunResult[]): Measurement {
  const of = (pick: (r: RunResult) => number) => spread(runs.map(pick));
  const cpu = runs.map((r) => r.serverCpuMsPerRequest).filter((v): v is number => v !== null);
  const rss = runs.map((r) => r.serverPeakRssMb).filter((v): v is number => v !== null);
  return {
    workload,
    system,
    shape,
    targetRate,
    connections,
    runs,
    valid: runs.every((r) => r.valid),
    rateReached: targetRate === null || runs.every((r) => r.requestsPerSecond >= targetRate * 0.95),
    requestsPerSecond: of((r) => r.requestsPerSecond),
    p50: of((r) => r.p50),
    p95: of((r) => r.p95),
    p99: of((r) => r.p99),
    max: of((r) => r.max),
    serverCpuMsPerRequest: cpu.length ? spread(cpu).median : null,
    serverPeakRssMb: rss.length ? Math.max(...rss) : null,
  };
}

/** Every request of a run that did not get a good answer, whatever the reason. */
export function failedRequests(run: RunResult): number {
  const { non2xx, errors, timeouts, errorBodies, overloaded } = run.failures;
  return non2xx + errors + timeouts + errorBodies + overloaded;
}
