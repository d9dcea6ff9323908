import { ContactRemarkSet } from './contact-remark-set.event.js';
import { ContactStarred } from './contact-starred.event.js';
import { ConversationRead, ConversationSettingsChanged, DraftSaved } from './conversation-settings-changed.event.js';
import { FriendRemoved } from './friend-removed.event.js';
import { FriendRequestAccepted } from './friend-request-accepted.event.js';
import { FriendRequestCanceled, FriendRequestDeclined } from './friend-request-settled.event.js';
import { FriendRequestSent } from './friend-request-sent.event.js';
import { GroupCreated } from './group-created.event.js';
import { GroupDissolved } from './group-dissolved.event.js';
import { GroupMemberLeft } from './group-member-left.event.js';
import { GroupMembersAdded } from './group-members-added.event.js';
import { GroupOwnershipTransferred } from './group-ownership-transferred.event.js';
import { GroupProfileUpdated } from './group-profile-updated.event.js';
import { MessageSent } from './message-sent.event.js';
import { ProfileUpdated } from './profile-updated.event.js';
import { UserBlocked, UserUnblocked } from './user-blocked.event.js';
import { UserRegistered } from './user-registered.event.js';

export {
  ContactRemarkSet,
  ContactStarred,
  ConversationRead,
  ConversationSettingsChanged,
  DraftSaved,
  FriendRemoved,
  FriendRequestAccepted,
  FriendRequestCanceled,
  FriendRequestDeclined,
  FriendRequestSent,
  GroupCreated,
  MessageSent,
  ProfileUpdated,
  UserBlocked,
  UserRegistered,
  UserUnblocked,
};
export type { ConversationSettings } from './conversation-settings-changed.event.js';
export type { DomainEvent, ProfileFacts } from './domain-event.js';
export { GroupDissolved, GroupMemberLeft, GroupMembersAdded, GroupOwnershipTransferred, GroupProfileUpdated };
export type { ChannelLastMessage } from './group-members-added.event.js';

/** Every event the write side emits: projections switch over this union exhaustively. */
export type HermetEvent =
  | UserRegistered
  | ProfileUpdated
  | FriendRequestSent
  | FriendRequestAccepted
  | FriendRequestDeclined
  | FriendRequestCanceled
  | FriendRemoved
  | ContactRemarkSet
  | ContactStarred
  | UserBlocked
  | UserUnblocked
  | ConversationSettingsChanged
  | ConversationRead
  | DraftSaved
  | GroupCreated
  | GroupProfileUpdated
  | GroupMembersAdded
  | GroupMemberLeft
  | GroupOwnershipTransferred
  | GroupDissolved
  | MessageSent;
