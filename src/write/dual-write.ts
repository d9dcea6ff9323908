import { Injectable } from '@nestjs/common';
import { EventBus, type Command } from '@nestjs/cqrs';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Transaction } from '../database/transaction.js';
import type { HermetEvent } from '../events/index.js';
import { recordWriteTransaction } from '../observability/request-context.js';
import { ReadModelProjector } from '../projections/read-model-projector.js';
import { ShardMap } from '../sharding/shard-map.js';
import { Clock } from '../time/clock.js';
import { claimIdempotencyKey, storeIdempotentResult, validIdempotencyKey } from './idempotency.js';
import { appendToOutbox } from './outbox.js';
import { ViewerCommand } from './viewer-command.js';

export interface CommandOutcome<T> {
  readonly result: T;
  readonly events: readonly HermetEvent[];
}

/**
 * The transactional dual write every command handler goes through: the handler's write-side
 * changes, the views and reverse indexes those events imply, and the outbox rows commit together
 * or not at all. Events reach the EventBus only after the commit.
 */
@Injectable()
export class DualWrite {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly projector: ReadModelProjector,
    private readonly eventBus: EventBus,
    private readonly clock: Clock,
    private readonly shards: ShardMap,
  ) {}

  /** Commits `change` (once per idempotency key, when a viewer's command carries one). */
  async commit<T>(command: Command<T>, change: (tx: Transaction) => Promise<CommandOutcome<T>>): Promise<T> {
    const viewerCommand = command instanceof ViewerCommand ? command : undefined;
    const key = viewerCommand?.idempotencyKey ? validIdempotencyKey(viewerCommand.idempotencyKey) : undefined;
    const outcome = await this.transactions.run(async (tx) => {
      // First: a shard move's switch waits for this transaction, or this one for the switch.
      await this.shards.followInTransaction(tx);
      if (viewerCommand && key) {
        const earlier = await claimIdempotencyKey(tx, viewerCommand.viewerId, key, command.constructor.name, this.clock.now());
        if (earlier) return { result: earlier.result as T, events: [] };
      }
      const changed = await change(tx);
      for (const event of changed.events) {
        await this.projector.apply(tx, event);
        await appendToOutbox(tx, event);
      }
      if (viewerCommand && key) await storeIdempotentResult(tx, viewerCommand.viewerId, key, changed.result);
      if (this.shards.projectedDatabases().length > 0) await this.recordTransaction(tx);
      return changed;
    });
    this.eventBus.publishAll([...outcome.events]);
    return outcome.result;
  }

  /**
   * Projector mode: views of shards on other databases change only when the projector has
   * applied this transaction, so the request remembers it; its reads wait for that (ReadYourWrites).
   */
  private async recordTransaction(tx: Transaction): Promise<void> {
    const [{ txId }] = await tx.$queryRaw<{ txId: bigint }[]>`SELECT pg_current_xact_id()::text::bigint AS "txId"`;
    recordWriteTransaction(txId);
  }
}
