import type { ViewWrite } from '../view-shards.js';

/**
 * Writes the owners' rows of one window, inside that window's transaction (the worker opens it,
 * follows the shard map in it and announces the owners after its commit).
 */
export type WindowWrite = (at: ViewWrite, ownerIds: bigint[]) => Promise<void>;

/** Runs `write` over the owners, one transaction per window of 32 shards, in shard order. */
export type FanOutWindows = (ownerIds: readonly bigint[], write: WindowWrite) => Promise<void>;

/**
 * A fan-out too large for the commanding transaction: the command commits the write side and a
 * pending row, and the worker (deferred-fan-out.worker.ts) writes the views after the commit.
 * Pending rows are keyed by what they fan out (a channel, a user); one catch-up per key covers
 * every pending row of that key committed before it started.
 */
export interface DeferredFanOut {
  /** What the metric calls it. */
  readonly name: string;
  /** The key a committed event may have left pending here (the catch-up finds out). */
  keyOf(event: object): bigint | undefined;
  /** Every key with pending rows, as a column `key` (the sweep). */
  readonly pendingKeys: string;
  /**
   * Applies the key's pending fan-out through `windows` and deletes the pending rows it covered.
   * Answers when the oldest of them was committed (ms), or undefined when none was left.
   */
  catchUp(key: bigint, windows: FanOutWindows): Promise<bigint | undefined>;
}
