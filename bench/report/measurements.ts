import type { RunResult } from '../load/http-load.js';
import { spread, type Spread } from '../load/latency-summary.js';

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
  /**
   * PostgreSQL transactions committed or rolled back in the benchmark database per request, over
   * the measured runs (pg_stat_database deltas; pg_stat_statements is not preloaded on this
   * server). A read outside a transaction is one transaction per statement, so for the gateway's and
   * the floor's reads this is statements per request; a command or a PostGraphile request is one
   * transaction holding several statements.
   */
  readonly dbTransactionsPerRequest?: number | null;
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
