import { Prisma } from '../database/generated/prisma/client.js';
import { shardTables, type ShardNumber } from '../sharding/shard-router.js';

/**
 * A CTE named `clock` that gives each listed owner on `shard` their next view version.
 *
 * The owners' clock rows are locked in user-id order (callers visit shards in ascending order),
 * so concurrent fan-outs over overlapping owners queue instead of deadlocking, and versions are
 * strictly increasing per owner in commit order — what incremental sync relies on.
 */
export function clockCte(shard: ShardNumber, ownerIds: readonly bigint[]): Prisma.Sql {
  const state = shardTables.viewState(shard);
  return Prisma.sql`
    locked AS (
      SELECT user_id FROM ${state}
      WHERE user_id = ANY(${ownerIds}::bigint[])
      ORDER BY user_id
      FOR UPDATE
    ),
    clock AS (
      UPDATE ${state} AS s SET version = s.version + 1
      FROM locked WHERE s.user_id = locked.user_id
      RETURNING s.user_id, s.version
    )`;
}
