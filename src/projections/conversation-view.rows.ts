import type { FriendRequestAccepted, GroupCreated, ProfileFacts } from '../events/index.js';

/** The per-owner part of a new conversation-view row; channel-wide facts travel beside it. */
export interface NewConversationRow {
  readonly ownerId: bigint;
  readonly peer: ProfileFacts | null;
}

export interface NewConversation {
  readonly channelId: bigint;
  readonly channelType: 'DIRECT' | 'GROUP';
  readonly groupName: string;
  readonly groupAvatarUrl: string;
  readonly channelInfoVer: bigint;
  readonly memberCount: number;
  /** Before the first message a conversation sorts by when it was created. */
  readonly activityTime: bigint;
  readonly rows: readonly NewConversationRow[];
}

export function directConversation(event: FriendRequestAccepted): NewConversation {
  return {
    channelId: event.channelId,
    channelType: 'DIRECT',
    groupName: '',
    groupAvatarUrl: '',
    channelInfoVer: 1n,
    memberCount: 2,
    activityTime: event.occurredAt,
    rows: [
      { ownerId: event.requester.id, peer: event.accepter },
      { ownerId: event.accepter.id, peer: event.requester },
    ],
  };
}

export function groupConversation(event: GroupCreated): NewConversation {
  return {
    channelId: event.channelId,
    channelType: 'GROUP',
    groupName: event.name,
    groupAvatarUrl: event.avatarUrl,
    channelInfoVer: event.infoVer,
    memberCount: event.memberIds.length,
    activityTime: event.occurredAt,
    rows: event.memberIds.map((ownerId) => ({ ownerId, peer: null })),
  };
}
