import { Injectable } from '@nestjs/common';
import type { Transaction } from '../database/transaction.js';
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
  MessageSent,
  ProfileUpdated,
  UserBlocked,
  UserRegistered,
  UserUnblocked,
  type HermetEvent,
} from '../events/index.js';
import { insertFriendship } from './contact-view.projection.js';
import { applyConversationRead, applyConversationSettings, applyDraftSaved } from './conversation-settings.projection.js';
import { applyMessageSent, insertConversation } from './conversation-view.projection.js';
import { directConversation, groupConversation } from './conversation-view.rows.js';
import { applyContactRemark, applyContactStarred, applyFriendRemoved } from './relationship.projection.js';
import { projectUserRegistered } from './user-view-state.projection.js';
import { deferMessageFanOut, fansOutAfterCommit } from './deferred-fan-out/large-group-messages.js';
import { projectProfileUpdated } from './deferred-fan-out/popular-profiles.js';
import { ViewShards, type ViewWrite } from './view-shards.js';
import { ShardMap } from '../sharding/shard-map.js';
import {
  GroupDissolved,
  GroupMemberLeft,
  GroupMembersAdded,
  GroupOwnershipTransferred,
  GroupProfileUpdated,
} from '../events/index.js';
import {
  applyGroupDissolved,
  applyGroupMemberLeft,
  applyGroupMembersAdded,
  applyGroupProfileUpdated,
} from './group-view.projection.js';

/**
 * Applies an event to the read side (views, reverse indexes) inside the caller's transaction.
 * The write side calls it in the same transaction as its own writes: that is the dual write.
 * Views of shards the shard map places on other databases are left to the projector (src/projector).
 */
@Injectable()
export class ReadModelProjector {
  /** The views this projector writes: the primary's shards (every shard without a shard map). */
  readonly shards: ViewShards;

  constructor(shardMap: ShardMap) {
    this.shards = new ViewShards((shard) => shardMap.isOnPrimary(shard));
  }

  async apply(tx: Transaction, event: HermetEvent): Promise<void> {
    const at: ViewWrite = { tx, shards: this.shards };
    if (event instanceof UserRegistered) return projectUserRegistered(at, event);
    if (event instanceof ProfileUpdated) return projectProfileUpdated(at, event);
    // No view shows requests or blocks (yet).
    if (event instanceof FriendRequestSent || event instanceof FriendRequestDeclined) return;
    if (event instanceof FriendRequestCanceled || event instanceof UserBlocked || event instanceof UserUnblocked) return;
    if (event instanceof FriendRemoved) return applyFriendRemoved(at, event);
    if (event instanceof ContactRemarkSet) return applyContactRemark(at, event);
    if (event instanceof ContactStarred) return applyContactStarred(at, event);
    if (event instanceof ConversationSettingsChanged) return applyConversationSettings(at, event);
    if (event instanceof ConversationRead) return applyConversationRead(at, event);
    if (event instanceof DraftSaved) return applyDraftSaved(at, event);
    if (event instanceof FriendRequestAccepted) {
      await insertConversation(at, directConversation(event));
      return insertFriendship(at, event);
    }
    if (event instanceof GroupCreated) return insertConversation(at, groupConversation(event));
    if (event instanceof MessageSent) return fansOutAfterCommit(event) ? deferMessageFanOut(at, event) : applyMessageSent(at, event);
    if (event instanceof GroupProfileUpdated) return applyGroupProfileUpdated(at, event);
    if (event instanceof GroupMembersAdded) return applyGroupMembersAdded(at, event);
    if (event instanceof GroupMemberLeft) return applyGroupMemberLeft(at, event);
    if (event instanceof GroupOwnershipTransferred) return; // roles are not in any view
    if (event instanceof GroupDissolved) return applyGroupDissolved(at, event);
    const unhandled: never = event;
    throw new Error(`no projection for ${(unhandled as object).constructor.name}`);
  }
}
