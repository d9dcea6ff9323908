import { Prisma } from '../database/generated/prisma/client.js';
import type { Transaction } from '../database/transaction.js';
import { LOGICAL_SHARD_COUNT, ownersOnTheirShards, shardTables, type ShardNumber } from '../sharding/shard-router.js';

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
  const clock = Prisma.raw(name);
  const locked = Prisma.raw(`${name}_locked`);
  const previousDone = after ? Prisma.sql`AND (SELECT count(*) FROM ${Prisma.raw(after)}) >= 0` : Prisma.empty;
  return Prisma.sql`
    ${locked} AS (
      SELECT user_id FROM ${state}
      WHERE user_id = ANY(${ownerIds}::bigint[]) ${previousDone}
      ORDER BY user_id
      FOR UPDATE
    ),
    ${clock} AS (
      UPDATE ${state} AS s SET version = s.version + 1
      FROM ${locked} AS locked WHERE s.user_id = locked.user_id
      RETURNING s.user_id, s.version
    )`;
}

/**
 * Locks the owners' clock rows in the clocks' lock order, (shard, user id), in one statement over
 * their shards' partitions: for a write of several passes (each locking its own owners in order)
 * that must not take one pass's locks after another's, or that must read after every command on
 * these owners has committed.
 */
export async function lockOwnerClocks(tx: Transaction, ownerIds: readonly bigint[]): Promise<void> {
  if (ownerIds.length === 0) return;
  await tx.$queryRaw`
    SELECT user_id FROM user_view_state
    WHERE ${ownersOnTheirShards(ownerIds)}
    ORDER BY user_id % ${LOGICAL_SHARD_COUNT}, user_id
    FOR UPDATE`;
}
