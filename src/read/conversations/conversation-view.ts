/** One row of a user's conversation list, exactly as the sharded view stores it. */
export interface ConversationView {
  readonly ownerId: bigint;
  readonly channelId: bigint;
  readonly channelType: 'DIRECT' | 'GROUP';
  readonly peerUserId: bigint;
  readonly peerNickname: string;
  readonly peerAvatarUrl: string;
  readonly groupName: string;
  readonly groupAvatarUrl: string;
  readonly remark: string;
  readonly memberCount: number;
  readonly isPinned: boolean;
  readonly isMuted: boolean;
  readonly isHidden: boolean;
  readonly closedAt: bigint;
  readonly peerIsContact: boolean;
  readonly lastMessageId: bigint;
  readonly lastMessageTime: bigint;
  readonly lastMessagePreview: string;
  readonly lastMessageSenderId: bigint;
  readonly unreadCount: number;
  /** When the owner pinned it; 0 when not pinned. */
  readonly pinnedAt: bigint;
  readonly isArchived: boolean;
  readonly markedUnread: boolean;
  /** The owner's unsent text; empty when none. */
  readonly draft: string;
  readonly draftTime: bigint;
  /** Unread messages that mention the owner (by `@username`, or `@all` in a group). */
  readonly mentionCount: number;
  /** The later of the last message and the draft: what the list orders by after the pins (computed on read). */
  readonly activityTime: bigint;
  readonly version: bigint;
}
