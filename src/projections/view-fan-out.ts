import { Prisma } from '../database/generated/prisma/client.js';
import type { ShardNumber } from '../sharding/shard-router.js';
import { clockCte } from './view-clock.js';
import type { ViewWrite } from './view-shards.js';

/**
 * How many shards one statement writes. Measured (docs/fan-out.md): a statement over all 256
 * shards planned and ran slower than the same work cut into a few statements, and per-shard
 * statements spent most of their time in round trips.
 */
const SHARDS_PER_STATEMENT = 32;

/** The write of one shard's view rows: SQL over that shard's table, joined to `clock`. */
export type ShardWrite = (shard: ShardNumber, ownerIds: bigint[], clock: Prisma.Sql) => Prisma.Sql;

/**
 * Writes the views of `ownerIds` held here with a few statements instead of one per shard: per
 * shard, a clock CTE and a write CTE that addresses that shard's partition by name.
 *
 * Why not one statement over the partitioned parents: on PostgreSQL 15 an UPDATE of
 * user_conversation_view joined to the owners plans all 256 partitions and their indexes; it
 * measured slower than the per-shard statements it would replace (docs/fan-out.md).
 *
 * Lock order stays (shard, user id): statements run in shard order; inside one, each shard's
 * clock locks nothing before the previous shard's clock has finished (its `after` condition), and
 * the final SELECT pulls the clocks in shard order, so that chain is never evaluated recursively.
 * The writes run after all the statement's clocks are held.
 */
export async function fanOutViewWrite({ tx, shards }: ViewWrite, ownerIds: Iterable<bigint>, write: ShardWrite): Promise<void> {
  const groups = shards.group(ownerIds);
  for (let start = 0; start < groups.length; start += SHARDS_PER_STATEMENT) {
    await tx.$executeRaw(statement(groups.slice(start, start + SHARDS_PER_STATEMENT), write));
  }
}

function statement(groups: Array<[ShardNumber, bigint[]]>, write: ShardWrite): Prisma.Sql {
  const clockName = (i: number) => `clock_${i}`;
  const steps = groups.map(([shard, owners], i) => {
    const clock = clockCte(shard, owners, clockName(i), i > 0 ? clockName(i - 1) : undefined);
    return Prisma.sql`${clock}, ${Prisma.raw(`write_${i}`)} AS (${write(shard, owners, Prisma.raw(clockName(i)))})`;
  });
  const inShardOrder = groups.map((_, i) => Prisma.raw(`SELECT count(*) FROM ${clockName(i)}`));
  return Prisma.sql`WITH ${Prisma.join(steps, ',\n')}\n${Prisma.join(inShardOrder, '\nUNION ALL ')}`;
}
