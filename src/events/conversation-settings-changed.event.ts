import type { DomainEvent } from './domain-event.js';

/** One member's own settings for a conversation, as they are after the change. */
export interface ConversationSettings {
  readonly isPinned: boolean;
  /** When it was pinned (0 when not): pinned conversations list most recently pinned first. */
  readonly pinnedAt: bigint;
  readonly isMuted: boolean;
  readonly isHidden: boolean;
  /** 0 while open. */
  readonly closedAt: bigint;
  /** In the archive, out of the main list (see MessageSent for when it comes back). */
  readonly isArchived: boolean;
  /** The member marked it unread by hand; reading it clears the mark. */
  readonly markedUnread: boolean;
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

/** The owner's unsent text for a conversation; an empty draft (time 0) is no draft. */
export class DraftSaved implements DomainEvent {
  readonly aggregate = 'channel';
  constructor(
    readonly ownerId: bigint,
    readonly channelId: bigint,
    readonly draft: string,
    /** Counts as activity for the list order while the draft exists; 0 when cleared. */
    readonly draftAt: bigint,
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.channelId;
  }
}
