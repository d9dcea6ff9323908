import { wrongAnswers, type RunResult } from './http-load.js';
import { spread } from './latency-summary.js';

/**
 * Throughput as issue 4 defines it: "the highest req/s at which p99 stays ≤ 10 ms", a fixed
 * (open-loop) rate, not what a closed loop of callers gets through. A closed loop slows its
 * callers down with the server and so never sees the queue a rate builds: 16 connections
 * flat out answered with p99 of 20-160 ms in every full run.
 */
export interface SustainedRateSearch {
  /** The bound on a probe's p99. */
  readonly p99LimitMs: number;
  /** Bisection probes, the first at half the ceiling: each halves the interval still unknown. */
  readonly probes: number;
}

export interface RateProbe {
  readonly rate: number;
  /** The median of its runs' p99. */
  readonly p99: number;
  readonly passed: boolean;
  /** Over its runs: a wrong answer is a broken system or harness, not a slow one. */
  readonly wrongAnswers: number;
}

export interface SustainedRate {
  /** The highest probed rate that passed; 0 when none did. */
  readonly rate: number;
  /** The lowest rate that failed; null when every probe passed. */
  readonly failedAt: number | null;
  readonly probes: readonly RateProbe[];
  /** The runs of the probe at `rate` (none when it is 0). */
  readonly runs: readonly RunResult[];
}

/**
 * Bisects between 0 and a ceiling, the rate the system answered flat out: nothing sustains more
 * than that, and a probe there would only leave a queue for the next one. A probe is several
 * runs at one rate; it passes when every answer was right, every run reached the rate, and the
 * median of their p99 is within the bound: one run's p99 on a shared 2-core VM is a handful of
 * requests, and one scheduling hiccup of the VM fails it. Noise can still make a rate pass once
 * and fail once: the answer is the highest rate that passed, with its runs.
 */
export async function findSustainedRate(
  probe: (rate: number) => Promise<readonly RunResult[]>,
  ceiling: number,
  search: SustainedRateSearch,
): Promise<SustainedRate> {
  const probes: RateProbe[] = [];
  let [passed, failed] = [0, Math.floor(ceiling)];
  let runsAtPassed: readonly RunResult[] = [];
  for (let i = 0; i < search.probes; i++) {
    const rate = Math.round((passed + failed) / 2);
    if (rate <= passed || rate >= failed) break;
    const runs = await probe(rate);
    const p99 = spread(runs.map((run) => run.p99)).median;
    const ok = runs.length > 0 && runs.every((run) => run.valid && run.requestsPerSecond >= rate * 0.95) && p99 <= search.p99LimitMs;
    probes.push({ rate, p99, passed: ok, wrongAnswers: runs.reduce((n, run) => n + wrongAnswers(run), 0) });
    if (ok) [passed, runsAtPassed] = [rate, runs];
    else failed = rate;
  }
  return { rate: passed, failedAt: probes.some((p) => !p.passed) ? failed : null, probes, runs: runsAtPassed };
}
