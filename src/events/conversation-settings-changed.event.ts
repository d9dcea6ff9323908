import type { DomainEvent } from './domain-event.js';

/** One member's own settings for a conversation, as they are after the change. */
export interface ConversationSettings {
  readonly isPinned: boolean;
  readonly isMuted: boolean;
  readonly isHidden: boolean;
  /** 0 while open. */
  readonly closedAt: bigint;
}

export class ConversationSettingsChanged implements DomainEvent {
  readonly aggregate = 'channel';
  constructor(
    readonly ownerId: bigint,
    readonly channelId: bigint,
    readonly settings: ConversationSettings,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.channelId;
  }
}

/** The owner has read everything up to `lastReadMessageId`. */
export class ConversationRead implements DomainEvent {
  readonly aggregate = 'channel';
  constructor(
    readonly ownerId: bigint,
    readonly channelId: bigint,
    readonly lastReadMessageId: bigint,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.channelId;
  }
}
