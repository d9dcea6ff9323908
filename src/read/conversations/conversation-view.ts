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
  readonly version: bigint;
}
