import type { DomainEvent } from './domain-event.js';

/** The owner starred (or unstarred) a contact: starred contacts have their own filter. */
export class ContactStarred implements DomainEvent {
  readonly aggregate = 'user';
  constructor(
    readonly ownerId: bigint,
    readonly friendId: bigint,
    readonly starred: boolean,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.ownerId;
  }
}
