import type { DomainEvent, ProfileFacts } from './domain-event.js';

export class ProfileUpdated implements DomainEvent {
  readonly aggregate = 'user';
  constructor(
    /** The profile after the change, with its new `infoVer`. */
    readonly user: ProfileFacts,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.user.id;
  }
}
