import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Transaction } from '../database/transaction.js';
import type { HermetEvent } from '../events/index.js';
import { ReadModelProjector } from '../projections/read-model-projector.js';
import { appendToOutbox } from './outbox.js';

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
  ) {}

  async commit<T>(change: (tx: Transaction) => Promise<CommandOutcome<T>>): Promise<T> {
    const outcome = await this.transactions.run(async (tx) => {
      const changed = await change(tx);
      for (const event of changed.events) {
        await this.projector.apply(tx, event);
        await appendToOutbox(tx, event);
      }
      return changed;
    });
    this.eventBus.publishAll([...outcome.events]);
    return outcome.result;
  }
}
