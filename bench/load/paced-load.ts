/** Why one call of a load run failed (null: it succeeded). */
export type CallFailure = 'non2xx' | 'errors' | 'timeouts' | 'errorBodies' | 'overloaded';

export interface PacedRun {
  /** Per answer (a failed status or body included): from when the call was due (not when it went out). */
  readonly latencies: number[];
  readonly failures: Record<CallFailure, number>;
  /** From the first call's due time to the last answer. */
  readonly elapsedMs: number;
}

/**
 * Open loop: `count` calls, the i-th due at i / rate seconds, each started when due whatever is
 * still outstanding. Latency counts from the due time, so a call that waited for a free
 * connection, or behind a stalled server, is measured as late as it was (no coordinated
 * omission). autocannon's `overallRate` is not this: each connection sends its share of a second
 * back to back when the second starts, so a "300 req/s" run was bursts of 50 concurrent requests.
 */
export async function runPaced(call: () => Promise<CallFailure | null>, rate: number, count: number): Promise<PacedRun> {
  const latencies: number[] = [];
  const failures: Record<CallFailure, number> = { non2xx: 0, errors: 0, timeouts: 0, errorBodies: 0, overloaded: 0 };
  const start = performance.now();
  let lastAnswer = start;
  const timed = async (due: number) => {
    const failure = await call().catch((): CallFailure => 'errors');
    lastAnswer = performance.now();
    if (failure) failures[failure]++;
    if (failure !== 'errors' && failure !== 'timeouts') latencies.push(lastAnswer - due);
  };
  const pending: Promise<void>[] = [];
  let issued = 0;
  await new Promise<void>((resolve) => {
    const issueDue = () => {
      const due = Math.min(count, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      for (; issued < due; issued++) pending.push(timed(start + (issued / rate) * 1000));
      if (issued < count) return;
      clearInterval(tick);
      resolve();
    };
    const tick = setInterval(issueDue, 1);
    issueDue();
  });
  await Promise.all(pending);
  return { latencies, failures, elapsedMs: lastAnswer - start };
}
