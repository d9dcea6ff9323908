import type { Transaction } from '../database/transaction.js';
import { groupByShard, shardOf, type ShardNumber } from '../sharding/shard-router.js';

/**
 * The logical shards whose views a transaction's database holds. The dual write runs on the
 * primary and writes only the views of shards the shard map places there (every shard without a
 * map); the projector keeps the other databases' views. Reverse indexes are always written: they
 * live on the primary.
 */
export class ViewShards {
  static readonly ALL = new ViewShards(() => true);

  constructor(private readonly holds: (shard: ShardNumber) => boolean) {}

  /** The owners whose views are here, grouped by shard, shards ascending (the clock lock order). */
  group(ownerIds: Iterable<bigint>): Array<[ShardNumber, bigint[]]> {
    return groupByShard(ownerIds).filter(([shard]) => this.holds(shard));
  }

  holdsOwner(ownerId: bigint): boolean {
    return this.holds(shardOf(ownerId));
  }
}

/** Where a projection writes: the transaction, and which owners' views it holds. */
export interface ViewWrite {
  readonly tx: Transaction;
  readonly shards: ViewShards;
}
