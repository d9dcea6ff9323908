import type pg from 'pg';

const METRIC = 'hermet_deferred_fan_out_delay_seconds';

/** The gateway's histogram of deferred fan-out delays (src/observability/metrics.ts), as scraped. */
export interface FanOutDelayHistogram {
  readonly count: number;
  readonly sumSeconds: number;
  /** Cumulative counts by upper bound (seconds), ascending. */
  readonly buckets: ReadonlyArray<readonly [number, number]>;
}

/** How long members waited for a large group's messages over some runs. */
export interface FanOutDelay {
  readonly catchUps: number;
  readonly meanMs: number;
  /** The histogram bucket that holds the 99th percentile: its upper bound (null: beyond the last one). */
  readonly p99AtMostMs: number | null;
  /** From each run's last answer until every member's row showed its last message (max over the runs). */
  readonly drainAfterLastSendMs: number;
}

export async function scrapeFanOutDelay(gatewayUrl: string): Promise<FanOutDelayHistogram> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const value = (suffix: string) => Number(new RegExp(`^${METRIC}_${suffix} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  const buckets = [...text.matchAll(new RegExp(`^${METRIC}_bucket\\{le="([^"]+)"\\} (\\S+)$`, 'gm'))]
    .map(([, le, n]) => [le === '+Inf' ? Infinity : Number(le), Number(n)] as const);
  return { count: value('count'), sumSeconds: value('sum'), buckets };
}

/**
 * Waits until no deferred fan-out is left in the benchmark database; returns how long that took.
 * Polled every 5 ms: the figure is that precise.
 */
export async function waitForFanOutsApplied(db: pg.Client, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const { rows } = await db.query<{ left: boolean }>('SELECT EXISTS (SELECT 1 FROM deferred_message_fan_out) AS left');
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
