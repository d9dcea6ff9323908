import { Prisma } from '../database/generated/prisma/client.js';
import { ownersOnTheirShards } from '../sharding/shard-router.js';

/**
 * How every read-side row follows from the write side, in one place. The commands maintain the
 * views incrementally; these queries recompute them from scratch, for the consistency check, its
 * repair, the read-model rebuild and the tests that compare the two. `version` is a clock, not a
 * fact of the write side, so it is not recomputed.
 */

/** Columns of user_conversation_view that are recomputed, in this order. */
export const CONVERSATION_VIEW_COLUMNS = [
  'user_id', 'channel_id', 'channel_type', 'peer_user_id', 'peer_nickname', 'peer_avatar_url', 'peer_info_ver',
  'group_name', 'group_avatar_url', 'channel_info_ver', 'remark', 'peer_is_contact', 'member_count',
  'is_pinned', 'is_muted', 'is_hidden', 'closed_at', 'last_message_id', 'last_message_time',
  'last_message_preview', 'last_message_sender_id', 'last_message_sender_info_ver', 'unread_count',
  'last_read_message_id', 'pinned_at', 'is_archived', 'marked_unread', 'draft', 'draft_time', 'mention_count',
] as const;

export const CONTACT_VIEW_COLUMNS = [
  'user_id', 'friend_id', 'friend_username', 'friend_nickname', 'friend_avatar_url', 'friend_info_ver',
  'remark', 'channel_id', 'created_at', 'deleted_at',
  'friend_nickname_key', 'friend_nickname_initials', 'remark_key', 'remark_initials', 'is_starred',
] as const;

/**
 * One row per membership (current or former) of a channel. A former member's row is closed at
 * leaving and frozen at the last message they saw; everyone else's shows the channel as it is.
 */
export function expectedConversationRows(ownerFilter: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql {
  return Prisma.sql`
    SELECT cm.user_id, c.id AS channel_id, c.type AS channel_type,
           COALESCE(peer.user_id, 0) AS peer_user_id,
           COALESCE(pu.nickname, '') AS peer_nickname,
           COALESCE(pu.avatar_url, '') AS peer_avatar_url,
           COALESCE(pu.info_ver, 0) AS peer_info_ver,
           c.name AS group_name, c.avatar_url AS group_avatar_url, c.info_ver AS channel_info_ver,
           COALESCE(f.remark, '') AS remark,
           COALESCE(f.deleted_at = 0, FALSE) AS peer_is_contact,
           c.member_count,
           cm.is_pinned, cm.is_muted, cm.is_hidden,
           CASE WHEN cm.left_at > 0 THEN cm.left_at
                WHEN c.dissolved_at > 0 THEN c.dissolved_at
                ELSE cm.closed_at END AS closed_at,
           CASE WHEN cm.left_at = 0 THEN c.last_message_id ELSE COALESCE(seen.id, 0) END AS last_message_id,
           CASE WHEN cm.left_at = 0 THEN c.last_message_time ELSE COALESCE(seen.created_at, c.created_at) END AS last_message_time,
           CASE WHEN cm.left_at = 0 THEN c.last_message_preview ELSE COALESCE(message_preview(seen.body), '') END AS last_message_preview,
           CASE WHEN cm.left_at = 0 THEN c.last_message_sender_id ELSE COALESCE(seen.sender_id, 0) END AS last_message_sender_id,
           COALESCE(sender.info_ver, 0) AS last_message_sender_info_ver,
           CASE WHEN cm.left_at = 0 THEN (
             SELECT count(*) FROM message m
             WHERE m.channel_id = c.id AND m.id > cm.last_read_message_id AND m.sender_id <> cm.user_id
           )::integer ELSE 0 END AS unread_count,
           cm.last_read_message_id,
           cm.pinned_at, cm.is_archived, cm.marked_unread, cm.draft, cm.draft_at AS draft_time,
           -- Unread messages of others that mention the owner by name, or everyone (user 0).
           CASE WHEN cm.left_at = 0 THEN (
             SELECT count(*) FROM message m
             WHERE m.channel_id = c.id AND m.id > cm.last_read_message_id AND m.sender_id <> cm.user_id
               AND EXISTS (SELECT 1 FROM message_mention mm WHERE mm.message_id = m.id AND mm.user_id IN (cm.user_id, 0))
           )::integer ELSE 0 END AS mention_count
    FROM channel_member cm
    JOIN channel c ON c.id = cm.channel_id
    LEFT JOIN channel_member peer
      ON c.type = 'DIRECT' AND peer.channel_id = c.id AND peer.user_id <> cm.user_id
    LEFT JOIN "user" pu ON pu.id = peer.user_id
    LEFT JOIN friendship f ON f.user_id = cm.user_id AND f.friend_id = peer.user_id
    LEFT JOIN message seen ON cm.left_at > 0 AND seen.id = cm.last_read_message_id
    LEFT JOIN "user" sender
      ON sender.id = CASE WHEN cm.left_at = 0 THEN c.last_message_sender_id ELSE seen.sender_id END
    WHERE ${ownerFilter}`;
}

/** One row per friendship direction, removed ones included (as tombstones). */
export function expectedContactRows(ownerFilter: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql {
  return Prisma.sql`
    SELECT f.user_id, f.friend_id, u.username AS friend_username, u.nickname AS friend_nickname,
           u.avatar_url AS friend_avatar_url, u.info_ver AS friend_info_ver,
           f.remark, f.channel_id, f.created_at, f.deleted_at,
           u.nickname_key AS friend_nickname_key, u.nickname_initials AS friend_nickname_initials,
           f.remark_key, f.remark_initials, f.is_starred
    FROM friendship f JOIN "user" u ON u.id = f.friend_id
    WHERE ${ownerFilter}`;
}

/**
 * The conversation rows whose last message was sent by one of `userIds` (a bigint[]): the rows
 * that show those users' profiles besides the reverse indexes' (current members see the channel's
 * last message, former members the one they last saw, as expectedConversationRows says).
 */
export function rowsShowingLastSender(userIds: readonly bigint[]): Prisma.Sql {
  return Prisma.sql`
    SELECT cm.user_id AS owner_user_id, cm.channel_id
    FROM channel_member mine
    JOIN channel c ON c.id = mine.channel_id
    JOIN channel_member cm ON cm.channel_id = mine.channel_id AND cm.left_at = 0
    WHERE mine.user_id = ANY(${userIds}::bigint[]) AND c.last_message_sender_id = mine.user_id
    UNION
    SELECT cm.user_id, cm.channel_id
    FROM channel_member mine
    JOIN channel_member cm ON cm.channel_id = mine.channel_id AND cm.left_at > 0
    JOIN message seen ON seen.id = cm.last_read_message_id AND seen.sender_id = mine.user_id
    WHERE mine.user_id = ANY(${userIds}::bigint[])`;
}

/** Who shows whom: the peer of every direct channel, and every friendship direction. */
export const expectedConversationReverseIndex = Prisma.sql`
  SELECT peer.user_id AS peer_user_id, cm.user_id AS owner_user_id, cm.channel_id
  FROM channel_member cm
  JOIN channel c ON c.id = cm.channel_id AND c.type = 'DIRECT'
  JOIN channel_member peer ON peer.channel_id = cm.channel_id AND peer.user_id <> cm.user_id`;

export const expectedContactReverseIndex = Prisma.sql`
  SELECT friend_id AS friend_user_id, user_id AS owner_user_id FROM friendship`;

/** The key columns of user_conversation_totals (migration 015): an owner and one combination of filters. */
export const CONVERSATION_TOTALS_KEY = ['user_id', 'is_archived', 'channel_type', 'is_muted', 'is_pinned', 'is_unread'] as const;

/**
 * The badge totals of `ownerIds` (default: everyone): as the trigger keeps them (a combination it
 * counted down to zero is no total), and as recounted from the view rows (migration 015's view).
 * Equal when consistent.
 */
export const keptConversationTotals = (ownerIds?: readonly bigint[]) =>
  Prisma.sql`SELECT * FROM user_conversation_totals WHERE ${ownersOf(ownerIds)} AND (conversations <> 0 OR unread_messages <> 0)`;
export const recountedConversationTotals = (ownerIds?: readonly bigint[]) =>
  Prisma.sql`SELECT * FROM user_conversation_totals_recounted WHERE ${ownersOf(ownerIds)}`;

/** The badge totals rows of `ownerIds` (default: everyone) that the trigger kept wrong or the recount lacks, both ways. */
export const differingConversationTotals = (ownerIds?: readonly bigint[]) => Prisma.sql`
  (${recountedConversationTotals(ownerIds)} EXCEPT ${keptConversationTotals(ownerIds)})
  UNION ALL (${keptConversationTotals(ownerIds)} EXCEPT ${recountedConversationTotals(ownerIds)})`;

const ownersOf = (ownerIds?: readonly bigint[]) => (ownerIds ? ownersOnTheirShards(ownerIds) : Prisma.sql`TRUE`);
