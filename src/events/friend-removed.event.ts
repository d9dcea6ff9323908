import type { DomainEvent } from './domain-event.js';

/** Both directions of a friendship ended; their direct channel stays. */
export class FriendRemoved implements DomainEvent {
  readonly aggregate = 'user';
  constructor(
    readonly userId: bigint,
    readonly friendId: bigint,
    readonly channelId: bigint,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.userId;
  }
}
