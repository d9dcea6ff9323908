import type { DomainEvent } from './domain-event.js';

/** The owner's private name for a friend ('' clears it). */
export class ContactRemarkSet implements DomainEvent {
  readonly aggregate = 'user';
  constructor(
    readonly ownerId: bigint,
    readonly friendId: bigint,
    readonly channelId: bigint,
    readonly remark: string,
    readonly occurredAt: bigint,
    /** The remark's address-book sort key and initials ('' when cleared). */
    readonly remarkKey: string = '',
    readonly remarkInitials: string = '',
  ) {}
  get aggregateId() {
    return this.ownerId;
  }
}
