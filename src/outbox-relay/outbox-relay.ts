import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { Database } from '../database/database.js';
import type { EventPublisher, OutboxEvent } from './event-publisher.js';

export interface OutboxRelaySettings {
  /** Most events read and published per round. */
  readonly batchSize: number;
  /** Pause when the outbox has nothing publishable. */
  readonly idleMs: number;
  /** Longest pause after failed rounds (the pause doubles from idleMs up to this). */
  readonly maxBackoffMs: number;
  /** Told about every failed round (the broker or the database is away). */
  readonly onError?: (error: unknown) => void;
}

// One relay publishes at a time, so the outbox order is the publish order; others stand by.
const RELAY_LOCK = 727_006;

const logger = new Logger('OutboxRelay');

/**
 * Moves committed outbox rows to the broker, oldest first, and marks them published.
 *
 * Outbox ids are allocated before commit, so the row of a transaction that commits late can have
 * a lower id than rows already visible. Only rows written by transactions older than every one
 * of this database still running are read (pg_snapshot_xmin, narrowed to this database): their
 * visibility is final, so none is ever overtaken by a later event of its aggregate. Delivery is at-least-once (a crash after
 * publishing and before marking publishes again); the broker drops the copy by event id.
 */
export class OutboxRelay {
  constructor(
    private readonly database: Database,
    private readonly publisher: EventPublisher,
    private readonly settings: OutboxRelaySettings,
  ) {}

  /** One round: publishes what is publishable now; answers how many were published. */
  async relayOnce(): Promise<number> {
    return this.database.prisma.$transaction(async (tx) => {
      const [{ leader }] = await tx.$queryRaw<{ leader: boolean }[]>`SELECT pg_try_advisory_xact_lock(${RELAY_LOCK}) AS leader`;
      if (!leader) return 0;
      // First (t1): the next xid to be assigned, and the xids of this database's running
      // transactions (the only ones that can write this outbox). Other databases on the server
      // must not hold the relay back.
      const [{ nextXid, localXids }] = await tx.$queryRaw<{ nextXid: bigint; localXids: bigint[] }[]>`
        SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS "nextXid",
               ARRAY(SELECT backend_xid::text::bigint FROM pg_stat_activity
                     WHERE datname = current_database() AND backend_xid IS NOT NULL
                     UNION ALL
                     SELECT transaction::text::bigint FROM pg_prepared_xacts
                     WHERE database = current_database()) AS "localXids"`;
      // Then: the horizon is the oldest of those still running now (xip holds 64-bit xids,
      // pg_stat_activity 32-bit ones), or t1's next xid. Every row below it is final: its
      // transaction, started before t1 and not running now, has committed or aborted.
      const events = await tx.$queryRaw<OutboxEvent[]>`
        SELECT id, aggregate, aggregate_id AS "aggregateId", type, payload, created_at AS "createdAt"
        FROM outbox
        WHERE published_at = 0 AND tx_id < (
          SELECT COALESCE(min(running::text::bigint), ${nextXid})
          FROM pg_snapshot_xip(pg_current_snapshot()) AS running
          WHERE running::text::bigint < ${nextXid}
            AND running::text::bigint % 4294967296 = ANY(${localXids}::bigint[]))
        ORDER BY id
        LIMIT ${this.settings.batchSize}`;
      if (events.length === 0) return 0;
      const published = await this.publisher.publish(events);
      await tx.$executeRaw`UPDATE outbox SET published_at = ${BigInt(Date.now())} WHERE id = ANY(${published}::bigint[])`;
      return published.length;
    });
  }

  /** Relays until `signal` aborts, waiting out broker and database outages. */
  async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const published = await this.relayOnce();
        failures = 0;
        if (published < this.settings.batchSize) await pause(this.settings.idleMs, signal);
      } catch (error) {
        failures++;
        this.settings.onError?.(error);
        if (failures === 1) logger.warn(`relay paused: ${describe(error)}`);
        await pause(Math.min(this.settings.idleMs * 2 ** failures, this.settings.maxBackoffMs), signal);
      }
    }
  }
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
}
