import { Prisma } from '../database/generated/prisma/client.js';
import type { Database } from '../database/database.js';
import { finalOutboxHorizon } from '../outbox/outbox-horizon.js';
import { readCheckpoint, type ProjectionCheckpoint } from './projection-checkpoint.js';

/** An outbox row as the projector reads it. */
export interface OutboxRow {
  readonly id: bigint;
  readonly txId: bigint;
  readonly type: string;
  readonly payload: unknown;
}

/** The final outbox rows after `checkpoint`: the ones still to apply, in (tx_id, id) order. */
function unprojected(checkpoint: ProjectionCheckpoint, horizon: bigint): Prisma.Sql {
  return Prisma.sql`(tx_id, id) > (${checkpoint.txId}, ${checkpoint.outboxId}) AND tx_id < ${horizon}`;
}

/** Past every transaction id: with commands held off (a shard move's switch), every committed row is final. */
export const EVERY_COMMITTED_ROW = 2n ** 63n - 1n;

/**
 * The next `limit` final rows after `checkpoint` (one range scan of outbox_tx_order_idx), and the
 * horizon they are below (`horizon`: a caller's own, e.g. EVERY_COMMITTED_ROW).
 */
export async function nextFinalEvents(
  primary: Database,
  checkpoint: ProjectionCheckpoint,
  limit: number,
  horizon?: bigint,
): Promise<{ horizon: bigint; events: OutboxRow[] }> {
  horizon ??= await finalOutboxHorizon(primary.prisma);
  const events = await primary.prisma.$queryRaw<OutboxRow[]>`
    SELECT id, tx_id AS "txId", type, payload FROM outbox
    WHERE ${unprojected(checkpoint, horizon)}
    ORDER BY tx_id, id
    LIMIT ${limit}`;
  return { horizon, events };
}

export interface ProjectionBacklog {
  /** Final outbox events not yet applied to the database. */
  readonly events: number;
  /** Age of the oldest of them; 0 when caught up. */
  readonly lagSeconds: number;
}

/** How far `target`'s views are behind the primary's outbox (what the lag metrics show). */
export async function projectionBacklog(primary: Database, target: Database, now = Date.now()): Promise<ProjectionBacklog> {
  const checkpoint = await readCheckpoint(target.prisma);
  const horizon = await finalOutboxHorizon(primary.prisma);
  const [row] = await primary.prisma.$queryRaw<{ events: bigint; oldest: bigint | null }[]>`
    SELECT count(*) AS events, min(created_at) AS oldest FROM outbox WHERE ${unprojected(checkpoint, horizon)}`;
  return { events: Number(row.events), lagSeconds: row.oldest === null ? 0 : Math.max(0, (now - Number(row.oldest)) / 1000) };
}
