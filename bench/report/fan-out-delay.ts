import type pg from 'pg';

const METRIC = 'hermet_deferred_fan_out_delay_seconds';

/** The gateway's histogram of deferred fan-out delays (src/observability/metrics.ts), as scraped. */
export interface FanOutDelayHistogram {
  readonly count: number;
  readonly sumSeconds: number;
  /** Cumulative counts by upper bound (seconds), ascending. */
  readonly buckets: ReadonlyArray<readonly [number, number]>;
}

/** How long the views waited for a deferred fan-out (a large group's messages, a popular profile) over some runs. */
export interface FanOutDelay {
  readonly catchUps: number;
  readonly meanMs: number;
  /** The histogram bucket that holds the 99th percentile: its upper bound (null: beyond the last one). */
  readonly p99AtMostMs: number | null;
  /** From each run's last answer until no fan-out was pending (max over the runs). */
  readonly drainAfterLastSendMs: number;
}

/** One deferred fan-out's histogram (`fan_out` label: group_message, profile). */
export async function scrapeFanOutDelay(gatewayUrl: string, fanOut: string): Promise<FanOutDelayHistogram> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const samples = [...text.matchAll(new RegExp(`^${METRIC}_(bucket|sum|count)\\{([^}]*)\\} (\\S+)$`, 'gm'))]
    .map(([, kind, labels, value]) => ({ kind, labels: Object.fromEntries([...labels.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v])), value: Number(value) }))
    .filter((sample) => sample.labels.fan_out === fanOut);
  const value = (kind: string) => samples.find((sample) => sample.kind === kind)?.value ?? 0;
  const buckets = samples.filter((sample) => sample.kind === 'bucket')
    .map(({ labels, value: n }) => [labels.le === '+Inf' ? Infinity : Number(labels.le), n] as const);
  return { count: value('count'), sumSeconds: value('sum'), buckets };
}

/**
 * Waits until no deferred fan-out is left in the benchmark database; returns how long that took.
 * Polled every 5 ms: the figure is that precise.
 */
export async function waitForFanOutsApplied(db: pg.Client, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const { rows } = await db.query<{ left: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM deferred_message_fan_out) OR EXISTS (SELECT 1 FROM deferred_profile_fan_out) AS left');
    if (!rows[0].left) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`deferred fan-outs still pending after ${timeoutMs} ms`);
}

export function fanOutDelayBetween(before: FanOutDelayHistogram, after: FanOutDelayHistogram, drainAfterLastSendMs: number): FanOutDelay {
  const catchUps = after.count - before.count;
  const below = new Map(before.buckets);
  const p99Bucket = after.buckets.find(([le, n]) => n - (below.get(le) ?? 0) >= 0.99 * catchUps);
  return {
    catchUps,
    meanMs: catchUps > 0 ? ((after.sumSeconds - before.sumSeconds) / catchUps) * 1000 : 0,
    p99AtMostMs: p99Bucket && Number.isFinite(p99Bucket[0]) ? p99Bucket[0] * 1000 : null,
    drainAfterLastSendMs,
  };
}
