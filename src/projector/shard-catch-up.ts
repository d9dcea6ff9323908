import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import { viewKeysOf } from '../projections/event-view-keys.js';
import { ViewShards } from '../projections/view-shards.js';
import type { ShardNumber } from '../sharding/shard-router.js';
import { EVERY_COMMITTED_ROW, nextFinalEvents } from './projection-backlog.js';
import type { ProjectionCheckpoint } from './projection-checkpoint.js';
import { applyFromWriteSide, rowKeysOf } from './projected-rows.js';

/**
 * Brings one shard's views on `tx`'s database up to the write side: every outbox event committed
 * after `from` (that database's checkpoint) is applied to the shard's rows through the rounds'
 * own path (recomputed on the primary). Reads every committed row, not only final ones: the
 * caller holds commands off, so none is still to commit. The checkpoint itself does not move (the
 * projector re-applying these events later changes nothing). Answers the events read.
 */
export async function catchUpShard(primary: Database, tx: Transaction, shard: ShardNumber, from: ProjectionCheckpoint, batchSize: number): Promise<number> {
  const here = new ViewShards((s) => s === shard);
  let position = from;
  let read = 0;
  for (;;) {
    const { events } = await nextFinalEvents(primary, position, batchSize, EVERY_COMMITTED_ROW);
    if (events.length === 0) return read;
    await applyFromWriteSide(primary, tx, await rowKeysOf(primary, events.map((e) => viewKeysOf(e.type, e.payload)), here));
    const last = events.at(-1)!;
    position = { ...position, txId: last.txId, outboxId: last.id };
    read += events.length;
  }
}
