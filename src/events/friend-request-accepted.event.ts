import type { DomainEvent, ProfileFacts } from './domain-event.js';

/** Two users became friends and got a direct channel. */
export class FriendRequestAccepted implements DomainEvent {
  readonly aggregate = 'friend_request';
  constructor(
    readonly requestId: bigint,
    readonly channelId: bigint,
    readonly requester: ProfileFacts,
    readonly accepter: ProfileFacts,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.requestId;
  }
}
