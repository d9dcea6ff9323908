import { Prisma } from '../database/generated/prisma/client.js';
import type { ContactRemarkSet, ContactStarred, FriendRemoved } from '../events/index.js';
import { updateViewRows } from './view-row-update.js';
import type { ViewWrite } from './view-shards.js';

/** Both contact rows become tombstones; the direct chat stays, marked as no longer a contact's. */
export async function applyFriendRemoved(at: ViewWrite, event: FriendRemoved): Promise<void> {
  const pairs: Array<[bigint, bigint]> = [
    [event.userId, event.friendId],
    [event.friendId, event.userId],
  ];
  for (const [owner, friend] of pairs) {
    await updateViewRows(at, 'contactView', [owner], Prisma.sql`deleted_at = ${event.occurredAt}`, Prisma.sql`v.friend_id = ${friend}`);
  }
  await updateViewRows(
    at,
    'conversationView',
    [event.userId, event.friendId],
    Prisma.sql`peer_is_contact = FALSE`,
    Prisma.sql`v.channel_id = ${event.channelId}`,
  );
}

/** The remark names the friend in the owner's contacts and titles their direct conversation. */
export async function applyContactRemark(at: ViewWrite, event: ContactRemarkSet): Promise<void> {
  const remark = Prisma.sql`remark = ${event.remark}`;
  const keys = Prisma.sql`${remark}, remark_key = ${event.remarkKey}, remark_initials = ${event.remarkInitials}`;
  await updateViewRows(at, 'contactView', [event.ownerId], keys, Prisma.sql`v.friend_id = ${event.friendId}`);
  await updateViewRows(at, 'conversationView', [event.ownerId], remark, Prisma.sql`v.channel_id = ${event.channelId}`);
}

export function applyContactStarred(at: ViewWrite, event: ContactStarred): Promise<void> {
  return updateViewRows(at, 'contactView', [event.ownerId], Prisma.sql`is_starred = ${event.starred}`, Prisma.sql`v.friend_id = ${event.friendId}`);
}
