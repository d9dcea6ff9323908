import { Prisma } from '../database/generated/prisma/client.js';
import type { Transaction } from '../database/transaction.js';
import type { ContactRemarkSet, ContactStarred, FriendRemoved } from '../events/index.js';
import { updateViewRows } from './view-row-update.js';

/** Both contact rows become tombstones; the direct chat stays, marked as no longer a contact's. */
export async function applyFriendRemoved(tx: Transaction, event: FriendRemoved): Promise<void> {
  const pairs: Array<[bigint, bigint]> = [
    [event.userId, event.friendId],
    [event.friendId, event.userId],
  ];
  for (const [owner, friend] of pairs) {
    await updateViewRows(tx, 'contactView', [owner], Prisma.sql`deleted_at = ${event.occurredAt}`, Prisma.sql`v.friend_id = ${friend}`);
  }
  await updateViewRows(
    tx,
    'conversationView',
    [event.userId, event.friendId],
    Prisma.sql`peer_is_contact = FALSE`,
    Prisma.sql`v.channel_id = ${event.channelId}`,
  );
}

/** The remark names the friend in the owner's contacts and titles their direct conversation. */
export async function applyContactRemark(tx: Transaction, event: ContactRemarkSet): Promise<void> {
  const remark = Prisma.sql`remark = ${event.remark}`;
  const keys = Prisma.sql`${remark}, remark_key = ${event.remarkKey}, remark_initials = ${event.remarkInitials}`;
  await updateViewRows(tx, 'contactView', [event.ownerId], keys, Prisma.sql`v.friend_id = ${event.friendId}`);
  await updateViewRows(tx, 'conversationView', [event.ownerId], remark, Prisma.sql`v.channel_id = ${event.channelId}`);
}

export function applyContactStarred(tx: Transaction, event: ContactStarred): Promise<void> {
  return updateViewRows(tx, 'contactView', [event.ownerId], Prisma.sql`is_starred = ${event.starred}`, Prisma.sql`v.friend_id = ${event.friendId}`);
}
