import { Injectable } from '@nestjs/common';
import type { Transaction } from '../database/transaction.js';
import {
  FriendRequestAccepted,
  FriendRequestSent,
  GroupCreated,
  MessageSent,
  ProfileUpdated,
  UserRegistered,
  type HermetEvent,
} from '../events/index.js';
import { applyFriendProfile, insertFriendship } from './contact-view.projection.js';
import { applyMessageSent, applyPeerProfile, insertConversation } from './conversation-view.projection.js';
import { directConversation, groupConversation } from './conversation-view.rows.js';
import { projectUserRegistered } from './user-view-state.projection.js';

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
    if (event instanceof FriendRequestSent) return; // no view shows pending requests yet
    if (event instanceof FriendRequestAccepted) {
      await insertConversation(tx, directConversation(event));
      return insertFriendship(tx, event);
    }
    if (event instanceof GroupCreated) return insertConversation(tx, groupConversation(event));
    if (event instanceof MessageSent) return applyMessageSent(tx, event);
    const unhandled: never = event;
    throw new Error(`no projection for ${(unhandled as object).constructor.name}`);
  }
}
