import type { Transaction } from '../database/transaction.js';
import type { DomainEvent } from '../events/index.js';
import { currentRequestId } from '../observability/request-context.js';

/** Records the event in the same transaction as the change it describes, with its request's id. */
export async function appendToOutbox(tx: Transaction, event: DomainEvent): Promise<void> {
  await tx.outbox.create({
    data: {
      aggregate: event.aggregate,
      aggregateId: event.aggregateId,
      type: event.constructor.name,
      payload: JSON.parse(JSON.stringify(event, (_key, value) => (typeof value === 'bigint' ? value.toString() : value))),
      createdAt: event.occurredAt,
      requestId: currentRequestId(),
    },
  });
}
