import type { DomainEvent } from './domain-event.js';

/** The owner handed the group over; the previous owner is now an admin. */
export class GroupOwnershipTransferred implements DomainEvent {
  readonly aggregate = 'channel';
  constructor(
    readonly channelId: bigint,
    readonly previousOwnerId: bigint,
    readonly newOwnerId: bigint,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.channelId;
  }
}
