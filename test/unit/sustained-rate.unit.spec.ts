import { describe, expect, it } from '@jest/globals';
import type { RunResult } from '../../bench/load/http-load.js';
import { findSustainedRate } from '../../bench/load/sustained-rate.js';

/** A system whose p99 crosses 10 ms at `knee` req/s, and which keeps up with any rate it is sent. */
function systemWithKnee(knee: number, overrides: Partial<RunResult> = {}) {
  const rates: number[] = [];
  const run = (rate: number, p99: number): RunResult => ({
    p50: 1, p95: 2, p99, max: p99, requests: rate * 3, requestsPerSecond: rate, valid: true, serverCpuMsPerRequest: null, serverPeakRssMb: null,
    failures: { non2xx: 0, errors: 0, timeouts: 0, errorBodies: 0, overloaded: 0 },
    ...overrides,
  });
  // Three runs a probe; one of them hit by a hiccup of the machine (p99 60 ms) whatever the rate.
  const probe = async (rate: number): Promise<RunResult[]> => {
    rates.push(rate);
    const p99 = rate <= knee ? 4 : 40;
    return [run(rate, p99), run(rate, 60), run(rate, p99)];
  };
  return { probe, rates };
}

const search = { p99LimitMs: 10, probes: 5 };

describe('the benchmark\'s throughput: the highest rate at which the median p99 of a probe\'s runs stays within 10 ms', () => {
  it('bisects below the flat-out rate, from half of it, to within a 32nd of it', async () => {
    const system = systemWithKnee(450);
    const found = await findSustainedRate(system.probe, 800, search);
    expect(system.rates).toEqual([400, 600, 500, 450, 475]);
    expect(found).toMatchObject({ rate: 450, failedAt: 475 });
    expect(found.probes.map((p) => [p.passed, p.p99])).toEqual([[true, 4], [false, 40], [false, 40], [true, 4], [false, 40]]);
    expect(found.runs.map((r) => r.requestsPerSecond)).toEqual([450, 450, 450]);
  });

  it('climbs towards the flat-out rate when the system keeps p99 within the bound all the way', async () => {
    const system = systemWithKnee(5_000);
    expect(await findSustainedRate(system.probe, 1_234.6, search)).toMatchObject({ rate: 1_196, failedAt: null });
    expect(system.rates).toEqual([617, 926, 1_080, 1_157, 1_196]);
  });

  it('is 0, with the lowest failed rate, when no probed rate kept p99 within the bound', async () => {
    const found = await findSustainedRate(systemWithKnee(10).probe, 800, search);
    expect(found).toMatchObject({ rate: 0, failedAt: 25, runs: [] });
  });

  it('does not count a run with wrong answers, or one that fell short of its rate, however fast', async () => {
    const wrong = await findSustainedRate(systemWithKnee(5_000, { valid: false, failures: { non2xx: 1, errors: 0, timeouts: 0, errorBodies: 1, overloaded: 0 } }).probe, 800, search);
    expect(wrong.rate).toBe(0);
    // Each probe says how many answers were wrong, so a benchmark can fail on them wherever they came.
    expect(wrong.probes.map((p) => p.wrongAnswers)).toEqual([6, 6, 6, 6, 6]);
    expect((await findSustainedRate(systemWithKnee(5_000, { requestsPerSecond: 10 }).probe, 800, search)).rate).toBe(0);
  });
});
