import type {
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
  GroupDissolved,
  GroupMemberLeft,
  GroupMembersAdded,
  GroupOwnershipTransferred,
  GroupProfileUpdated,
  HermetEvent,
  MessageSent,
  ProfileUpdated,
  UserBlocked,
  UserRegistered,
  UserUnblocked,
} from '../events/index.js';

/**
 * Which view rows an event can change, as the projector finds them again from an outbox row. It
 * mirrors ReadModelProjector and ChangedViewOwners; the rows are then recomputed from the write
 * side, so naming a row too many costs a recomputation, never a wrong row.
 */
export interface EventViewKeys {
  /** Owners whose view clock must exist (registration). */
  readonly owners?: readonly bigint[];
  /** Every membership row of these channels (current and former members). */
  readonly channels?: readonly bigint[];
  /** Every row that shows these users' profiles (as peer, friend or last message's sender). */
  readonly profiles?: readonly bigint[];
  /** Conversation rows, as (owner, channel). */
  readonly conversations?: ReadonlyArray<readonly [bigint, bigint]>;
  /** Contact rows, as (owner, friend). */
  readonly contacts?: ReadonlyArray<readonly [bigint, bigint]>;
}

/** An event as the outbox stores it: JSON, 64-bit ids as decimal strings. */
type Stored<T> = T extends bigint
  ? string
  : T extends readonly (infer U)[]
    ? Array<Stored<U>>
    : T extends object
      ? { readonly [K in keyof T]: Stored<T[K]> }
      : T;

/** Every event by the name the outbox records (its class name). */
interface EventsByName {
  UserRegistered: UserRegistered;
  ProfileUpdated: ProfileUpdated;
  FriendRequestSent: FriendRequestSent;
  FriendRequestAccepted: FriendRequestAccepted;
  FriendRequestDeclined: FriendRequestDeclined;
  FriendRequestCanceled: FriendRequestCanceled;
  FriendRemoved: FriendRemoved;
  ContactRemarkSet: ContactRemarkSet;
  ContactStarred: ContactStarred;
  UserBlocked: UserBlocked;
  UserUnblocked: UserUnblocked;
  ConversationSettingsChanged: ConversationSettingsChanged;
  ConversationRead: ConversationRead;
  DraftSaved: DraftSaved;
  GroupCreated: GroupCreated;
  GroupProfileUpdated: GroupProfileUpdated;
  GroupMembersAdded: GroupMembersAdded;
  GroupMemberLeft: GroupMemberLeft;
  GroupOwnershipTransferred: GroupOwnershipTransferred;
  GroupDissolved: GroupDissolved;
  MessageSent: MessageSent;
}

// Exhaustive: an event added to HermetEvent and not listed above fails to compile here.
const everyEventListed: [Exclude<HermetEvent, EventsByName[keyof EventsByName]>] extends [never] ? true : never = true;
void everyEventListed;

const NONE: EventViewKeys = {};
const channel = (event: { channelId: string }): EventViewKeys => ({ channels: [BigInt(event.channelId)] });
const pair = (owner: string, other: string) => [BigInt(owner), BigInt(other)] as const;
const contact = pair;
/** One member's own row of a channel (their settings, read mark, draft). */
const ownRow = (event: { ownerId: string; channelId: string }): EventViewKeys => ({ conversations: [pair(event.ownerId, event.channelId)] });

const VIEW_KEYS: { readonly [Name in keyof EventsByName]: (event: Stored<EventsByName[Name]>) => EventViewKeys } = {
  UserRegistered: (e) => ({ owners: [BigInt(e.user.id)] }),
  ProfileUpdated: (e) => ({ profiles: [BigInt(e.user.id)] }),
  // No view shows requests, blocks or group roles (yet).
  FriendRequestSent: () => NONE,
  FriendRequestDeclined: () => NONE,
  FriendRequestCanceled: () => NONE,
  UserBlocked: () => NONE,
  UserUnblocked: () => NONE,
  GroupOwnershipTransferred: () => NONE,
  FriendRequestAccepted: (e) => ({ ...channel(e), contacts: [contact(e.requester.id, e.accepter.id), contact(e.accepter.id, e.requester.id)] }),
  FriendRemoved: (e) => ({ ...channel(e), contacts: [contact(e.userId, e.friendId), contact(e.friendId, e.userId)] }),
  // The remark also titles the direct conversation.
  ContactRemarkSet: (e) => ({ ...ownRow(e), contacts: [contact(e.ownerId, e.friendId)] }),
  ContactStarred: (e) => ({ contacts: [contact(e.ownerId, e.friendId)] }),
  ConversationSettingsChanged: ownRow,
  ConversationRead: ownRow,
  DraftSaved: ownRow,
  GroupCreated: channel,
  GroupProfileUpdated: channel,
  GroupMembersAdded: channel,
  GroupMemberLeft: channel,
  GroupDissolved: channel,
  MessageSent: channel,
};

/** The view rows the outbox event `type` with `payload` can change; an unknown type is an error. */
export function viewKeysOf(type: string, payload: unknown): EventViewKeys {
  if (!Object.hasOwn(VIEW_KEYS, type)) throw new Error(`no view keys known for outbox event type ${type}`);
  return (VIEW_KEYS[type as keyof EventsByName] as (event: unknown) => EventViewKeys)(payload);
}
