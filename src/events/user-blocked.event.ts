import type { DomainEvent } from './domain-event.js';

export class UserBlocked implements DomainEvent {
  readonly aggregate = 'user';
  constructor(
    readonly blockerId: bigint,
    readonly blockedId: bigint,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.blockerId;
  }
}

export class UserUnblocked implements DomainEvent {
  readonly aggregate = 'user';
  constructor(
    readonly blockerId: bigint,
    readonly blockedId: bigint,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.blockerId;
  }
}
