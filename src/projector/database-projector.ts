import { Logger } from '@nestjs/common';
import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import { runInRounds, type RoundSettings } from '../outbox/rounds.js';
import type { ViewChangeBroker } from '../live/view-change-broker.js';
import { viewKeysOf } from '../projections/event-view-keys.js';
import type { ViewShards } from '../projections/view-shards.js';
import { nextFinalEvents, type OutboxRow } from './projection-backlog.js';
import { readCheckpoint, saveCheckpoint, type ProjectionCheckpoint } from './projection-checkpoint.js';
import { applyFromWriteSide, rowKeysOf, type RowKeys } from './projected-rows.js';

export interface ProjectorSettings extends RoundSettings {
  /** How long the ids of applied events are kept (they prove no event was applied twice). */
  readonly appliedEventsRetentionMs: number;
}

/** What one round did. */
export interface ProjectionRound {
  /** Outbox events applied (read past the checkpoint). */
  readonly events: number;
  /** View rows written or deleted. */
  readonly rows: number;
  /** False when another projector holds this database (this one stands by). */
  readonly leader: boolean;
}

// One projector per target database at a time (advisory locks are per database); others stand by.
const PROJECTOR_LOCK = 727_008;

/**
 * Keeps the views of one non-primary database of the shard map current. Each round, in ONE
 * transaction on the target: the next final outbox events after its checkpoint are read from the
 * primary, the view rows they can change (of owners whose shard is here) are recomputed from the
 * primary's write side and written here, their ids are recorded (primary key: never twice), and
 * the checkpoint moves. A crash anywhere leaves either the whole round or none of it.
 */
export class DatabaseProjector {
  private readonly logger: Logger;

  constructor(
    readonly name: string,
    readonly primary: Database,
    readonly target: Database,
    private readonly here: ViewShards,
    private readonly settings: ProjectorSettings,
    /** Where live updates learn whose views changed; none: subscribers wait for the next change. */
    private readonly changes?: ViewChangeBroker,
    /** Re-reads which shards are here (`here` follows it) once a round holds the lock: a move switches them under it. */
    private readonly placement: { refresh(): Promise<void> } = { refresh: async () => undefined },
  ) {
    this.logger = new Logger(`Projector:${name}`);
  }

  async projectOnce(): Promise<ProjectionRound> {
    const { owners, ...round } = await this.target.prisma.$transaction(async (tx) => {
      const [{ leader }] = await tx.$queryRaw<{ leader: boolean }[]>`SELECT pg_try_advisory_xact_lock(${PROJECTOR_LOCK}) AS leader`;
      if (!leader) return { events: 0, rows: 0, owners: [], leader };
      await this.placement.refresh();
      const checkpoint = await readCheckpoint(tx, true);
      const { horizon, events } = await nextFinalEvents(this.primary, checkpoint, this.settings.batchSize);
      const keys = await rowKeysOf(this.primary, events.map((e) => viewKeysOf(e.type, e.payload)), this.here);
      const { rows, owners } = await applyFromWriteSide(this.primary, tx, keys);
      const now = BigInt(Date.now());
      await recordApplied(tx, events, now, this.settings.appliedEventsRetentionMs);
      await saveCheckpoint(tx, advanced(checkpoint, events, horizon, this.settings.batchSize), now);
      return { events: events.length, rows, owners, leader };
    });
    // Only now are the rows readable here: the gateways' announcement at commit came too early
    // for the subscribers of these owners.
    if (owners.length > 0) this.changes?.publish(owners);
    return round;
  }

  /** Rounds until one finds nothing final left to apply, or another projector holds the database. */
  async catchUp(): Promise<{ events: number; leader: boolean }> {
    let events = 0;
    for (;;) {
      const round = await this.projectOnce();
      events += round.events;
      if (!round.leader || round.events === 0) return { events, leader: round.leader };
    }
  }

  /** Projects until `signal` aborts, waiting out database outages. */
  run(signal: AbortSignal): Promise<void> {
    return runInRounds(async () => (await this.projectOnce()).events, this.settings, signal, this.logger);
  }
}

/**
 * Rewrites `keys`' rows on `target` from the primary's write side through the rounds' own path
 * (how `hermet check-consistency --repair` fixes a projected database). It waits for the round
 * in flight: the projector's lock orders the two, so neither writes rows read before the other's.
 */
export async function rewriteProjectedRows(primary: Database, target: Database, keys: RowKeys): Promise<number> {
  return target.prisma.$transaction(async (tx) => {
    await holdProjectorLock(tx);
    return (await applyFromWriteSide(primary, tx, keys)).rows;
  });
}

/** Waits for the round in flight on `tx`'s database, then keeps its projector standing by until `tx` ends. */
export async function holdProjectorLock(tx: Transaction): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${PROJECTOR_LOCK})`;
}

/** Runs `work` while `database`'s projector stands by (a session lock: across transactions of `work`). */
export async function withProjectorHeld<T>(database: Database, work: () => Promise<T>): Promise<T> {
  return database.withSession(async (run) => {
    await run(`SELECT pg_advisory_lock(${PROJECTOR_LOCK})`);
    try {
      return await work();
    } finally {
      await run(`SELECT pg_advisory_unlock(${PROJECTOR_LOCK})`);
    }
  });
}

/**
 * The checkpoint after applying `events`. A round that read less than a full batch applied every
 * final row: everything below the horizon is projected. A full batch stops inside the order: only
 * the transactions before its last one are wholly applied.
 */
function advanced(checkpoint: ProjectionCheckpoint, events: readonly OutboxRow[], horizon: bigint, batchSize: number): ProjectionCheckpoint {
  const last = events.at(-1);
  const position = last ? { txId: last.txId, outboxId: last.id } : checkpoint;
  return { ...position, projectedBelow: events.length < batchSize ? horizon : last!.txId };
}

/** A plain INSERT: an event id already applied here fails the round instead of applying twice. */
async function recordApplied(tx: Transaction, events: readonly OutboxRow[], now: bigint, retentionMs: number): Promise<void> {
  if (events.length > 0) {
    await tx.$executeRaw`
      INSERT INTO projection_applied_event (event_id, applied_at) SELECT unnest(${events.map((e) => e.id)}::bigint[]), ${now}`;
  }
  await tx.$executeRaw`DELETE FROM projection_applied_event WHERE applied_at < ${now - BigInt(retentionMs)}`;
}
