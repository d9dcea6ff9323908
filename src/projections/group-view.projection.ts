import { Prisma } from '../database/generated/prisma/client.js';
import type { GroupDissolved, GroupMemberLeft, GroupMembersAdded, GroupProfileUpdated } from '../events/index.js';
import { insertConversation } from './conversation-view.projection.js';
import { updateViewRows } from './view-row-update.js';
import type { ViewWrite } from './view-shards.js';

/**
 * How group commands change the conversation views. Every fan-out writes a few shards per statement,
 * shards in ascending order and owners in id order (the clock locks), like every projection.
 */

/** Every row of the group, former members' closed rows included, shows the new name/avatar. */
export function applyGroupProfileUpdated(at: ViewWrite, event: GroupProfileUpdated): Promise<void> {
  return updateViewRows(
    at,
    'conversationView',
    event.rowOwnerIds,
    Prisma.sql`group_name = ${event.name}, group_avatar_url = ${event.avatarUrl}, channel_info_ver = ${event.infoVer}`,
    Prisma.sql`v.channel_id = ${event.channelId} AND v.channel_info_ver < ${event.infoVer}`,
  );
}

/**
 * The added members get a fresh, open, read row (a former member's closed row starts over); every
 * row of the group shows the new member count. The count is written first, over all owners at
 * once (added ones included), so every clock row is locked in one pass in (shard, user) order and
 * the inserts that follow only take clocks this transaction already holds.
 */
export async function applyGroupMembersAdded(at: ViewWrite, event: GroupMembersAdded): Promise<void> {
  await updateViewRows(
    at,
    'conversationView',
    [...event.otherRowOwnerIds, ...event.addedMemberIds],
    Prisma.sql`member_count = ${event.memberCount}`,
    Prisma.sql`v.channel_id = ${event.channelId}`,
  );
  await insertConversation(at, {
    channelId: event.channelId,
    channelType: 'GROUP',
    groupName: event.name,
    groupAvatarUrl: event.avatarUrl,
    channelInfoVer: event.infoVer,
    memberCount: event.memberCount,
    lastMessage: event.lastMessage,
    rows: event.addedMemberIds.map((ownerId) => ({ ownerId, peer: null })),
    onExistingRow: 'rejoin',
  });
}

/**
 * The member's row closes, read and frozen at the last message they saw (its last-message
 * columns stay as they are); every row of the group, theirs included, shows the new count.
 */
export function applyGroupMemberLeft(at: ViewWrite, event: GroupMemberLeft): Promise<void> {
  const leaver = Prisma.sql`v.user_id = ${event.memberId}`;
  return updateViewRows(
    at,
    'conversationView',
    [event.memberId, ...event.otherRowOwnerIds],
    Prisma.sql`
      member_count = ${event.memberCount},
      closed_at = CASE WHEN ${leaver} THEN ${event.occurredAt} ELSE v.closed_at END,
      unread_count = CASE WHEN ${leaver} THEN 0 ELSE v.unread_count END,
      mention_count = CASE WHEN ${leaver} THEN 0 ELSE v.mention_count END,
      last_read_message_id = CASE WHEN ${leaver} THEN ${event.lastReadMessageId} ELSE v.last_read_message_id END`,
    Prisma.sql`v.channel_id = ${event.channelId}`,
  );
}

/** Every current member's row closes at dissolution. */
export function applyGroupDissolved(at: ViewWrite, event: GroupDissolved): Promise<void> {
  return updateViewRows(
    at,
    'conversationView',
    event.memberIds,
    Prisma.sql`closed_at = ${event.occurredAt}`,
    Prisma.sql`v.channel_id = ${event.channelId}`,
  );
}
