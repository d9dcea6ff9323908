import type { Prisma } from '../database/generated/prisma/client.js';

/** Whatever can run a raw query on the primary: the client, or one of its transactions. */
type Queryable = Pick<Prisma.TransactionClient, '$queryRaw'>;

/**
 * The transaction id below which the outbox is final: every row with `tx_id` under it has
 * committed (or aborted) for good, so a reader that takes only those rows, in any order, never
 * skips one that commits late. Outbox ids are allocated before commit, so a transaction can
 * commit after one with a higher id; this horizon is what the relay and the projector read below.
 *
 * It is the oldest transaction *of this database* still running (other databases of the same
 * server cannot write this outbox and must not hold readers back, as a plain
 * `pg_snapshot_xmin` would), or, when none runs, the next xid of the first moment.
 */
export async function finalOutboxHorizon(db: Queryable): Promise<bigint> {
  // First (t1): the next xid to be assigned, and the xids of this database's running transactions.
  const [{ nextXid, localXids }] = await db.$queryRaw<{ nextXid: bigint; localXids: bigint[] }[]>`
    SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS "nextXid",
           ARRAY(SELECT backend_xid::text::bigint FROM pg_stat_activity
                 WHERE datname = current_database() AND backend_xid IS NOT NULL
                 UNION ALL
                 SELECT transaction::text::bigint FROM pg_prepared_xacts
                 WHERE database = current_database()) AS "localXids"`;
  // Then: the oldest of those still running now (xip holds 64-bit xids, pg_stat_activity 32-bit
  // ones), or t1's next xid. Every xid below it started before t1 and is not running now.
  const [{ horizon }] = await db.$queryRaw<{ horizon: bigint }[]>`
    SELECT COALESCE(min(running::text::bigint), ${nextXid}) AS horizon
    FROM pg_snapshot_xip(pg_current_snapshot()) AS running
    WHERE running::text::bigint < ${nextXid}
      AND running::text::bigint % 4294967296 = ANY(${localXids}::bigint[])`;
  return BigInt(horizon);
}
