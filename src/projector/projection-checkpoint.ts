import { Prisma } from '../database/generated/prisma/client.js';
import type { Transaction } from '../database/transaction.js';

type Queryable = Pick<Prisma.TransactionClient, '$queryRaw'>;

/** How far a database's views have followed the outbox (its projection_checkpoint row). */
export interface ProjectionCheckpoint {
  /** The last outbox row applied, in (tx_id, id) order. */
  readonly txId: bigint;
  readonly outboxId: bigint;
  /** Every outbox row of a transaction below this id is applied. */
  readonly projectedBelow: bigint;
}

/** Before the first round: nothing applied. */
export const NOTHING_PROJECTED: ProjectionCheckpoint = { txId: 0n, outboxId: 0n, projectedBelow: 0n };

/** The database's checkpoint; `forUpdate` inside the projector's round. */
export async function readCheckpoint(db: Queryable, forUpdate = false): Promise<ProjectionCheckpoint> {
  const [row] = await db.$queryRaw<ProjectionCheckpoint[]>`
    SELECT tx_id AS "txId", outbox_id AS "outboxId", projected_below AS "projectedBelow"
    FROM projection_checkpoint WHERE id = 1 ${forUpdate ? Prisma.sql`FOR UPDATE` : Prisma.empty}`;
  return row ?? NOTHING_PROJECTED;
}

export async function saveCheckpoint(tx: Transaction, checkpoint: ProjectionCheckpoint, now: bigint): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO projection_checkpoint (id, tx_id, outbox_id, projected_below, updated_at)
    VALUES (1, ${checkpoint.txId}, ${checkpoint.outboxId}, ${checkpoint.projectedBelow}, ${now})
    ON CONFLICT (id) DO UPDATE SET tx_id = EXCLUDED.tx_id, outbox_id = EXCLUDED.outbox_id,
      projected_below = GREATEST(projection_checkpoint.projected_below, EXCLUDED.projected_below),
      updated_at = EXCLUDED.updated_at`;
}

/** Whether every view change of transaction `txId` is applied to the database of `checkpoint`. */
export function hasProjected(checkpoint: ProjectionCheckpoint, txId: bigint): boolean {
  return txId < checkpoint.projectedBelow;
}
