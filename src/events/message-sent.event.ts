import type { DomainEvent } from './domain-event.js';

export class MessageSent implements DomainEvent {
  readonly aggregate = 'channel';
  constructor(
    readonly messageId: bigint,
    readonly channelId: bigint,
    readonly senderId: bigint,
    readonly body: string,
    /** The body cut to what conversation lists show. */
    readonly preview: string,
    /** Every member at the time of sending, the sender included. */
    readonly memberIds: readonly bigint[],
    readonly occurredAt: bigint,
    /** Members the message mentions by `@username` (never the sender). */
    readonly mentionedUserIds: readonly bigint[] = [],
    /** `@all` in a group: every member but the sender is mentioned. */
    readonly mentionsAll: boolean = false,
  ) {}
  get aggregateId() {
    return this.channelId;
  }
}
