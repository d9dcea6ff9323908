import type { DomainEvent } from './domain-event.js';

/** A member is out of a group: they left (`removedBy` null) or an owner/admin removed them. */
export class GroupMemberLeft implements DomainEvent {
  readonly aggregate = 'channel';
  constructor(
    readonly channelId: bigint,
    readonly memberId: bigint,
    readonly removedBy: bigint | null,
    /** The channel's last message at leaving: the member's row stays frozen at it, read. */
    readonly lastReadMessageId: bigint,
    /** Current members after the change. */
    readonly memberCount: number,
    /** Every other row of the group (current and former members): their member count changes. */
    readonly otherRowOwnerIds: readonly bigint[],
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.channelId;
  }
}
