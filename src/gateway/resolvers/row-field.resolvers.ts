import type { ConversationView } from '../../read/conversations/conversation-view.js';
import type { ContactResolvers, ConversationResolvers, LastMessageResolvers, UserResolvers } from '../generated/graphql.js';

/**
 * The fields of list rows that are pure functions of the row, as plain graphql-js resolvers rather
 * than Nest `@ResolveField` methods. Nest runs every field-resolver call through its execution
 * context (parameter factories, pipes, a promise), and a page of 20 conversations makes ~160 such
 * calls; a plain function costs next to nothing. Fields that load data through the request's
 * DataLoaders (peer, members, sender) stay in the Nest resolver classes.
 */
const conversation: ConversationResolvers = {
  id: (row) => row.channelId.toString(),
  kind: (row) => row.channelType,
  title: (row) => (row.channelType === 'GROUP' ? row.groupName : row.remark || row.peerNickname),
  avatarUrl: (row) => (row.channelType === 'GROUP' ? row.groupAvatarUrl : row.peerAvatarUrl),
  closedAt: (row) => (row.closedAt === 0n ? null : row.closedAt),
  peerIsContact: (row) => (row.channelType === 'DIRECT' ? row.peerIsContact : null),
  lastMessage: (row) => (row.lastMessageId === 0n ? null : row),
  pinnedAt: (row) => (row.pinnedAt === 0n ? null : row.pinnedAt),
  draft: (row) => (row.draft === '' ? null : { text: row.draft, savedAt: row.draftTime }),
  version: (row) => row.version.toString(),
};

const lastMessage: LastMessageResolvers = {
  id: (row: ConversationView) => row.lastMessageId.toString(),
  preview: (row: ConversationView) => row.lastMessagePreview,
  sentAt: (row: ConversationView) => row.lastMessageTime,
};

const contact: ContactResolvers = {
  id: (row) => row.friendId.toString(),
  username: (row) => row.friendUsername,
  nickname: (row) => row.friendNickname,
  avatarUrl: (row) => row.friendAvatarUrl,
  displayName: (row) => row.remark || row.friendNickname,
  conversationId: (row) => row.channelId.toString(),
  friendsSince: (row) => row.createdAt,
  version: (row) => row.version.toString(),
};

const user: UserResolvers = {
  id: (profile) => profile.id.toString(),
};

export const rowFieldResolvers = { Conversation: conversation, LastMessage: lastMessage, Contact: contact, User: user };
