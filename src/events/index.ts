import { FriendRequestAccepted } from './friend-request-accepted.event.js';
import { FriendRequestSent } from './friend-request-sent.event.js';
import { GroupCreated } from './group-created.event.js';
import { MessageSent } from './message-sent.event.js';
import { ProfileUpdated } from './profile-updated.event.js';
import { UserRegistered } from './user-registered.event.js';

export { FriendRequestAccepted, FriendRequestSent, GroupCreated, MessageSent, ProfileUpdated, UserRegistered };
export type { DomainEvent, ProfileFacts } from './domain-event.js';

/** Every event the write side emits: projections switch over this union exhaustively. */
export type HermetEvent =
  | UserRegistered
  | ProfileUpdated
  | FriendRequestSent
  | FriendRequestAccepted
  | GroupCreated
  | MessageSent;
