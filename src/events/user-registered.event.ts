import type { DomainEvent, ProfileFacts } from './domain-event.js';

export class UserRegistered implements DomainEvent {
  readonly aggregate = 'user';
  constructor(
    readonly user: ProfileFacts,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.user.id;
  }
}
