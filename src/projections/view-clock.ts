import { Prisma } from '../database/generated/prisma/client.js';
import { shardTables, type ShardNumber } from '../sharding/shard-router.js';

/**
 * A CTE named `name` (default `clock`) that gives each listed owner on `shard` their next view
 * version.
 *
 * The owners' clock rows are locked in user-id order (callers visit shards in ascending order),
 * so concurrent fan-outs over overlapping owners queue instead of deadlocking, and versions are
 * strictly increasing per owner in commit order — what incremental sync relies on. `after` names
 * the previous shard's clock CTE of the same statement: this one locks nothing before that one
 * has locked all its rows, which keeps the (shard, user) lock order inside one statement.
 */
export function clockCte(shard: ShardNumber, ownerIds: readonly bigint[], name = 'clock', after?: string): Prisma.Sql {
  const state = shardTables.viewState(shard);
  const locked = `${name}_locked`;
  return Prisma.sql`
    ${lockedClocksCte(shard, ownerIds, locked, after)},
    ${Prisma.raw(name)} AS (
      UPDATE ${state} AS s SET version = s.version + 1
      FROM ${Prisma.raw(locked)} AS locked WHERE s.user_id = locked.user_id
      RETURNING s.user_id, s.version
    )`;
}

/**
 * A CTE named `name` that locks the listed owners' clock rows on `shard`, in user-id order, once
 * the CTE named `after` (the previous shard's) has locked all of its rows.
 */
export function lockedClocksCte(shard: ShardNumber, ownerIds: readonly bigint[], name: string, after?: string): Prisma.Sql {
  const previousDone = after ? Prisma.sql`AND (SELECT count(*) FROM ${Prisma.raw(after)}) >= 0` : Prisma.empty;
  return Prisma.sql`
    ${Prisma.raw(name)} AS (
      SELECT user_id FROM ${shardTables.viewState(shard)}
      WHERE user_id = ANY(${ownerIds}::bigint[]) ${previousDone}
      ORDER BY user_id
      FOR UPDATE
    )`;
}
