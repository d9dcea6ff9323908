import type { DomainEvent } from './domain-event.js';

/** The channel's last message as of an event (id 0 and an empty preview before the first one). */
export interface ChannelLastMessage {
  readonly id: bigint;
  /** Before the first message: when the channel was created. */
  readonly time: bigint;
  readonly preview: string;
  readonly senderId: bigint;
}

/** Users joined a group (new ones, or former members re-added: their old row starts over). */
export class GroupMembersAdded implements DomainEvent {
  readonly aggregate = 'channel';
  constructor(
    readonly channelId: bigint,
    readonly addedBy: bigint,
    readonly addedMemberIds: readonly bigint[],
    /** Every other row of the group (current and former members): their member count changes. */
    readonly otherRowOwnerIds: readonly bigint[],
    /** The group as the new members' rows show it. */
    readonly name: string,
    readonly avatarUrl: string,
    readonly infoVer: bigint,
    /** Current members after the change. */
    readonly memberCount: number,
    readonly lastMessage: ChannelLastMessage,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.channelId;
  }
}
