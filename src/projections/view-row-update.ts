import { Prisma } from '../database/generated/prisma/client.js';
import { shardTables, type ShardNumber } from '../sharding/shard-router.js';
import { fanOutViewWrite, type FanOutOptions } from './view-fan-out.js';
import type { ViewWrite } from './view-shards.js';

export type ViewName = 'conversationView' | 'contactView';

/**
 * Updates the rows of `ownerIds` in one view (those whose shard is here), a few shards per statement, each
 * row getting its owner's next version. `set` and `where` are SQL over the row alias `v`.
 */
export function updateViewRows(
  at: ViewWrite,
  view: ViewName,
  ownerIds: Iterable<bigint>,
  set: Prisma.Sql,
  where: Prisma.Sql,
  options?: FanOutOptions,
): Promise<void> {
  return fanOutViewWrite(at, ownerIds, (shard, owners, clock) => shardViewRowsUpdate(view, shard, owners, clock, set, where), options);
}

/**
 * One shard's statement of updateViewRows, for a write that shares the shard's clock with others
 * (view-fan-out.ts, ShardWrite).
 */
export function shardViewRowsUpdate(view: ViewName, shard: ShardNumber, owners: readonly bigint[], clock: Prisma.Sql, set: Prisma.Sql, where: Prisma.Sql): Prisma.Sql {
  // The owner list lets PostgreSQL find the rows by primary key even when `where` names no key
  // column (a peer's id): the clock CTE alone is estimated, and got a scan of the whole partition.
  return Prisma.sql`
      UPDATE ${shardTables[view](shard)} AS v SET ${set}, version = clock.version
      FROM ${clock} AS clock
      WHERE v.user_id = clock.user_id AND v.user_id = ANY(${owners}::bigint[]) AND ${where}`;
}
