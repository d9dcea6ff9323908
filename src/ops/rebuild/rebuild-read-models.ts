import type { Database } from '../../database/database.js';
import { rewriteFromWriteSide } from '../../projections/recomputed-rows.js';
import type { ShardNumber } from '../../sharding/shard-router.js';
import { ownerBatches, shardsOf } from '../owner-batches.js';

export interface RebuildOptions {
  readonly shard?: number;
  /** Skip the shards an earlier, interrupted rebuild finished. */
  readonly resume?: boolean;
  readonly batchSize?: number;
  readonly onProgress?: (progress: { shard: ShardNumber; owners: number; rowsWritten: number }) => void;
  /** Stops after this many shards (how tests interrupt a rebuild). */
  readonly maxShards?: number;
}

export interface RebuildReport {
  readonly shardsRebuilt: number;
  readonly shardsSkipped: number;
  readonly rowsWritten: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
}

/**
 * Builds the views and reverse indexes from the write side ("migrate to CQRS"), shard by shard,
 * through the same recomputation the consistency repair uses. Each finished shard is recorded in
 * read_model_rebuild, so `resume` continues where an interrupted run stopped; rewriting a shard
 * twice is harmless (it only writes rows that differ).
 */
export async function rebuildReadModels(database: Database, options: RebuildOptions = {}): Promise<RebuildReport> {
  const started = performance.now();
  const shards = shardsOf(options);
  const done = options.resume ? await finishedShards(database) : new Set<number>();
  if (!options.resume) await database.prisma.readModelRebuild.deleteMany({ where: { shard: { in: shards } } });
  let rowsWritten = 0;
  let shardsRebuilt = 0;
  for (const shard of shards) {
    if (done.has(shard)) continue;
    if (options.maxShards !== undefined && shardsRebuilt >= options.maxShards) break;
    let shardRows = 0;
    for await (const batch of ownerBatches(database, { shard, batchSize: options.batchSize })) {
      shardRows += await database.prisma.$transaction((tx) => rewriteFromWriteSide(tx, shard, batch.ownerIds), { timeout: 120_000 });
      options.onProgress?.({ shard, owners: batch.ownerIds.length, rowsWritten: rowsWritten + shardRows });
    }
    await database.prisma.readModelRebuild.upsert({
      where: { shard },
      create: { shard, rowsWritten: BigInt(shardRows), finishedAt: BigInt(Date.now()) },
      update: { rowsWritten: BigInt(shardRows), finishedAt: BigInt(Date.now()) },
    });
    rowsWritten += shardRows;
    shardsRebuilt++;
  }
  const seconds = (performance.now() - started) / 1000;
  return { shardsRebuilt, shardsSkipped: done.size, rowsWritten, seconds, rowsPerSecond: seconds > 0 ? rowsWritten / seconds : 0 };
}

async function finishedShards(database: Database): Promise<Set<number>> {
  const rows = await database.prisma.readModelRebuild.findMany({ select: { shard: true } });
  return new Set(rows.map((row) => row.shard));
}
