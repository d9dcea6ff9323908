import type { DomainEvent } from './domain-event.js';

export class FriendRequestSent implements DomainEvent {
  readonly aggregate = 'friend_request';
  constructor(
    readonly requestId: bigint,
    readonly fromUserId: bigint,
    readonly toUserId: bigint,
    readonly message: string,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.requestId;
  }
}
