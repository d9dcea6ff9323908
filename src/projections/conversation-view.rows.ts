import type { FriendRequestAccepted, GroupCreated, ProfileFacts } from '../events/index.js';

/** The per-owner part of a new conversation-view row; channel-wide facts travel beside it. */
export interface NewConversationRow {
  readonly ownerId: bigint;
  readonly peer: ProfileFacts | null;
}

/** The channel's last message as a row shows it (all zero / empty before the first one). */
export interface LastMessageFacts {
  readonly id: bigint;
  /** Before the first message a conversation sorts by when it was created. */
  readonly time: bigint;
  readonly preview: string;
  readonly senderId: bigint;
}

export interface NewConversation {
  readonly channelId: bigint;
  readonly channelType: 'DIRECT' | 'GROUP';
  readonly groupName: string;
  readonly groupAvatarUrl: string;
  readonly channelInfoVer: bigint;
  readonly memberCount: number;
  readonly lastMessage: LastMessageFacts;
  readonly rows: readonly NewConversationRow[];
  /**
   * When the owner already has a row for this channel: `refreshPeer` (friends again: the direct
   * chat keeps its settings and history, the peer becomes a contact again) or `rejoin` (back in a
   * group: the row starts over as a new member's, open and read).
   */
  readonly onExistingRow: 'refreshPeer' | 'rejoin';
}

export function directConversation(event: FriendRequestAccepted): NewConversation {
  return {
    channelId: event.channelId,
    channelType: 'DIRECT',
    groupName: '',
    groupAvatarUrl: '',
    channelInfoVer: 1n,
    memberCount: 2,
    lastMessage: { id: 0n, time: event.occurredAt, preview: '', senderId: 0n },
    rows: [
      { ownerId: event.requester.id, peer: event.accepter },
      { ownerId: event.accepter.id, peer: event.requester },
    ],
    onExistingRow: 'refreshPeer',
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
    lastMessage: { id: 0n, time: event.occurredAt, preview: '', senderId: 0n },
    rows: event.memberIds.map((ownerId) => ({ ownerId, peer: null })),
    onExistingRow: 'rejoin',
  };
}
