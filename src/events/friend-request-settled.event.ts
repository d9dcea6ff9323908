import type { DomainEvent } from './domain-event.js';

/** The recipient said no. */
export class FriendRequestDeclined implements DomainEvent {
  readonly aggregate = 'friend_request';
  constructor(
    readonly requestId: bigint,
    readonly fromUserId: bigint,
    readonly toUserId: bigint,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.requestId;
  }
}

/** The sender withdrew it. */
export class FriendRequestCanceled implements DomainEvent {
  readonly aggregate = 'friend_request';
  constructor(
    readonly requestId: bigint,
    readonly fromUserId: bigint,
    readonly toUserId: bigint,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.requestId;
  }
}
