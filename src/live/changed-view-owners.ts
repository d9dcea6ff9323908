import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../database/database.js';
import { PRIMARY_DATABASE } from '../database/database.tokens.js';
import { fansOutAfterCommit } from '../projections/deferred-fan-out/large-group-messages.js';
import { rowsShowingLastSender } from '../projections/view-recomputation.js';
import {
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
  MessageSent,
  ProfileUpdated,
  UserBlocked,
  UserRegistered,
  UserUnblocked,
  type HermetEvent,
} from '../events/index.js';

/**
 * Whose views an event changed: the owners a live update must reach. It mirrors
 * ReadModelProjector (an event that changes no view reaches nobody); the change feed, not the
 * event, then says what changed, so a missed or extra owner here costs a client latency, never
 * a wrong list.
 */
@Injectable()
export class ChangedViewOwners {
  constructor(@Inject(PRIMARY_DATABASE) private readonly database: Database) {}

  async of(event: HermetEvent): Promise<readonly bigint[]> {
    if (event instanceof ProfileUpdated) return (await this.fansOutAfterCommit(event)) ? [] : this.showing(event.user.id);
    if (event instanceof UserRegistered || event instanceof FriendRequestSent || event instanceof FriendRequestDeclined) return [];
    if (event instanceof FriendRequestCanceled || event instanceof UserBlocked || event instanceof UserUnblocked) return [];
    if (event instanceof GroupOwnershipTransferred) return [];
    if (event instanceof FriendRemoved) return [event.userId, event.friendId];
    if (event instanceof ContactRemarkSet || event instanceof ConversationSettingsChanged) return [event.ownerId];
    if (event instanceof ConversationRead || event instanceof DraftSaved || event instanceof ContactStarred) return [event.ownerId];
    if (event instanceof FriendRequestAccepted) return [event.requester.id, event.accepter.id];
    // A large group's rows change after the commit: the fan-out worker announces them then.
    if (event instanceof MessageSent) return fansOutAfterCommit(event) ? [] : event.memberIds;
    if (event instanceof GroupCreated || event instanceof GroupDissolved) return event.memberIds;
    if (event instanceof GroupProfileUpdated) return event.rowOwnerIds;
    if (event instanceof GroupMembersAdded) return [...event.otherRowOwnerIds, ...event.addedMemberIds];
    if (event instanceof GroupMemberLeft) return [event.memberId, ...event.otherRowOwnerIds];
    const unhandled: never = event;
    throw new Error(`no owners known for ${(unhandled as object).constructor.name}`);
  }

  /**
   * A popular user's change is written after the commit: the fan-out worker announces it then.
   * Once the worker has deleted the pending row, the owners hear it twice; a missed one never.
   */
  private async fansOutAfterCommit(event: ProfileUpdated): Promise<boolean> {
    const pending = await this.database.prisma.deferredProfileFanOut.count({ where: { userId: event.user.id, infoVer: event.user.infoVer } });
    return pending > 0;
  }

  /** Everyone whose conversation list or contacts show this user (as peer, friend or last message's sender). */
  private async showing(userId: bigint): Promise<bigint[]> {
    const rows = await this.database.prisma.$queryRaw<{ owner: bigint }[]>`
      SELECT owner_user_id AS owner FROM conversation_reverse_index WHERE peer_user_id = ${userId}
      UNION SELECT owner_user_id FROM contact_reverse_index WHERE friend_user_id = ${userId}
      UNION SELECT owner_user_id FROM (${rowsShowingLastSender([userId])}) AS last_sender`;
    return rows.map((row) => row.owner);
  }
}
