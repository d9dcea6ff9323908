import { Logger } from '@nestjs/common';
import type { Database } from '../database/database.js';
import { finalOutboxHorizon } from '../outbox/outbox-horizon.js';
import { runInRounds, type RoundSettings } from '../outbox/rounds.js';
import type { EventPublisher, OutboxEvent } from './event-publisher.js';

export type OutboxRelaySettings = RoundSettings;

// One relay publishes at a time, so the outbox order is the publish order; others stand by.
const RELAY_LOCK = 727_006;

const logger = new Logger('OutboxRelay');

/**
 * Moves committed outbox rows to the broker, oldest first, and marks them published.
 *
 * Only rows below the final-outbox horizon are read (src/outbox/outbox-horizon.ts): a row whose
 * transaction commits late is never overtaken by a later event of its aggregate. A crash after
 * publishing and before marking leaves published rows unmarked: the round after an interruption
 * asks the publisher to skip what the broker already holds, and within its window the broker
 * drops a copy by event id anyway.
 */
export class OutboxRelay {
  /**
   * Whether the outbox may hold events published but not marked, as far as this relay knows: its
   * last round failed, published only part of its batch, stood by for another relay, or none ran yet.
   */
  private interrupted = true;

  constructor(
    private readonly database: Database,
    private readonly publisher: EventPublisher,
    private readonly settings: OutboxRelaySettings,
  ) {}

  /** One round: publishes what is publishable now; answers how many were published. */
  async relayOnce(): Promise<number> {
    try {
      const { published, complete } = await this.round();
      this.interrupted = !complete;
      return published;
    } catch (error) {
      this.interrupted = true;
      throw error;
    }
  }

  private round(): Promise<{ published: number; complete: boolean }> {
    return this.database.prisma.$transaction(async (tx) => {
      const [{ leader }] = await tx.$queryRaw<{ leader: boolean }[]>`SELECT pg_try_advisory_xact_lock(${RELAY_LOCK}) AS leader`;
      // Standing by: the leader may die between publishing and marking, so a take-over checks.
      if (!leader) return { published: 0, complete: false };
      const horizon = await finalOutboxHorizon(tx);
      const events = await tx.$queryRaw<OutboxEvent[]>`
        SELECT id, aggregate, aggregate_id AS "aggregateId", type, payload, created_at AS "createdAt"
        FROM outbox
        WHERE published_at = 0 AND tx_id < ${horizon}
        ORDER BY id
        LIMIT ${this.settings.batchSize}`;
      if (events.length === 0) return { published: 0, complete: true };
      const published = await this.publisher.publish(events, this.interrupted);
      await tx.$executeRaw`UPDATE outbox SET published_at = ${BigInt(Date.now())} WHERE id = ANY(${published}::bigint[])`;
      // A publish that failed may still have been stored (its acknowledgement lost).
      return { published: published.length, complete: published.length === events.length };
    });
  }

  /** Relays until `signal` aborts, waiting out broker and database outages. */
  run(signal: AbortSignal): Promise<void> {
    return runInRounds(() => this.relayOnce(), this.settings, signal, logger);
  }
}
