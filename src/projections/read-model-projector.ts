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
import { applyFriendProfile, insertFriendship } from './contact-view.projection.js';
import { applyConversationRead, applyConversationSettings, applyDraftSaved } from './conversation-settings.projection.js';
import { applyMessageSent, applyPeerProfile, insertConversation } from './conversation-view.projection.js';
import { directConversation, groupConversation } from './conversation-view.rows.js';
import { applyContactRemark, applyContactStarred, applyFriendRemoved } from './relationship.projection.js';
import { projectUserRegistered } from './user-view-state.projection.js';
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
 */
@Injectable()
export class ReadModelProjector {
  async apply(tx: Transaction, event: HermetEvent): Promise<void> {
    if (event instanceof UserRegistered) return projectUserRegistered(tx, event);
    if (event instanceof ProfileUpdated) {
      await applyPeerProfile(tx, event);
      return applyFriendProfile(tx, event);
    }
    // No view shows requests or blocks (yet).
    if (event instanceof FriendRequestSent || event instanceof FriendRequestDeclined) return;
    if (event instanceof FriendRequestCanceled || event instanceof UserBlocked || event instanceof UserUnblocked) return;
    if (event instanceof FriendRemoved) return applyFriendRemoved(tx, event);
    if (event instanceof ContactRemarkSet) return applyContactRemark(tx, event);
    if (event instanceof ContactStarred) return applyContactStarred(tx, event);
    if (event instanceof ConversationSettingsChanged) return applyConversationSettings(tx, event);
    if (event instanceof ConversationRead) return applyConversationRead(tx, event);
    if (event instanceof DraftSaved) return applyDraftSaved(tx, event);
    if (event instanceof FriendRequestAccepted) {
      await insertConversation(tx, directConversation(event));
      return insertFriendship(tx, event);
    }
    if (event instanceof GroupCreated) return insertConversation(tx, groupConversation(event));
    if (event instanceof MessageSent) return applyMessageSent(tx, event);
    if (event instanceof GroupProfileUpdated) return applyGroupProfileUpdated(tx, event);
    if (event instanceof GroupMembersAdded) return applyGroupMembersAdded(tx, event);
    if (event instanceof GroupMemberLeft) return applyGroupMemberLeft(tx, event);
    if (event instanceof GroupOwnershipTransferred) return; // roles are not in any view
    if (event instanceof GroupDissolved) return applyGroupDissolved(tx, event);
    const unhandled: never = event;
    throw new Error(`no projection for ${(unhandled as object).constructor.name}`);
  }
}
