import type { DomainEvent } from './domain-event.js';

/** The owner dissolved the group: every current member's row is closed. */
export class GroupDissolved implements DomainEvent {
  readonly aggregate = 'channel';
  constructor(
    readonly channelId: bigint,
    readonly dissolvedBy: bigint,
    /** The members at dissolution (former members' rows are closed already). */
    readonly memberIds: readonly bigint[],
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.channelId;
  }
}
