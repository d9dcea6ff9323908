import type { DomainEvent } from './domain-event.js';

export class GroupCreated implements DomainEvent {
  readonly aggregate = 'channel';
  constructor(
    readonly channelId: bigint,
    readonly name: string,
    readonly avatarUrl: string,
    readonly ownerId: bigint,
    /** Every member, the owner included. */
    readonly memberIds: readonly bigint[],
    readonly infoVer: bigint,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.channelId;
  }
}
