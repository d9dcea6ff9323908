import type pg from 'pg';

/**
 * The read-model SQL the gateway's repositories send (src/read/**.repository.ts), sent here as
 * named prepared statements straight through `pg`: the floor no gateway can beat on this machine.
 * Lists fetch one extra row to learn whether another page follows, as the gateway does.
 */
const CONVERSATION_COLUMNS = `user_id, channel_id, channel_type, peer_user_id, peer_nickname, peer_avatar_url, group_name,
  group_avatar_url, remark, member_count, is_pinned, is_muted, is_hidden, closed_at, peer_is_contact, last_message_id,
  last_message_time, last_message_preview, last_message_sender_id, unread_count, version`;
// The list order and contact sort key exactly as the indexes of migration 004 hold them.
const ACTIVITY = `GREATEST(last_message_time, draft_time)`;
const CONVERSATION_ORDER = `is_pinned DESC, pinned_at DESC, ${ACTIVITY} DESC, channel_id DESC`;
const CONTACT_SORT = `((CASE WHEN remark <> '' THEN remark_key ELSE friend_nickname_key END) COLLATE "C")`;

export interface ConversationPosition {
  readonly isPinned: boolean;
  readonly pinnedAt: string;
  readonly activityTime: string;
  readonly channelId: string;
}

export function conversationPage(db: pg.Pool, userId: number, first: number, after: ConversationPosition | null) {
  const shard = userId % 256;
  if (!after) {
    return db.query({
      name: `conversations-${shard}`,
      text: `SELECT ${CONVERSATION_COLUMNS} FROM user_conversation_view_${shard}
             WHERE user_id = $1 AND closed_at = 0 AND is_hidden = FALSE AND is_archived = FALSE
             ORDER BY ${CONVERSATION_ORDER} LIMIT $2`,
      values: [userId, first + 1],
    });
  }
  return db.query({
    name: `conversations-after-${shard}`,
    text: `SELECT ${CONVERSATION_COLUMNS} FROM user_conversation_view_${shard}
           WHERE user_id = $1 AND closed_at = 0 AND is_hidden = FALSE AND is_archived = FALSE
             AND (is_pinned, pinned_at, ${ACTIVITY}, channel_id) < ($3, $4, $5, $6)
           ORDER BY ${CONVERSATION_ORDER} LIMIT $2`,
    values: [userId, first + 1, after.isPinned, after.pinnedAt, after.activityTime, after.channelId],
  });
}

export function contactPage(db: pg.Pool, userId: number, first: number) {
  const shard = userId % 256;
  return db.query({
    name: `contacts-${shard}`,
    text: `SELECT user_id, friend_id, friend_username, friend_nickname, friend_avatar_url, remark, ${CONTACT_SORT} AS sort_name,
                  channel_id, created_at, version
           FROM user_contact_view_${shard} WHERE user_id = $1 AND deleted_at = 0
           ORDER BY ${CONTACT_SORT}, friend_id LIMIT $2`,
    values: [userId, first + 1],
  });
}

/** The DataLoader path's two batched statements: members of the page's groups, then their profiles. */
export async function groupMembersWithProfiles(db: pg.Pool, channelIds: readonly string[], first: number) {
  const members = await db.query<{ channel_id: string; user_id: string }>({
    name: 'group-members',
    text: `SELECT m.channel_id, m.user_id FROM unnest($1::bigint[]) AS c(id)
           CROSS JOIN LATERAL (SELECT channel_id, user_id, joined_at FROM channel_member
                               WHERE channel_id = c.id AND left_at = 0 ORDER BY joined_at, user_id LIMIT $2) AS m
           ORDER BY m.channel_id, m.joined_at, m.user_id`,
    values: [channelIds, first],
  });
  const ids = [...new Set(members.rows.map((row) => row.user_id))];
  const profiles = await db.query({
    name: 'profiles',
    text: `SELECT id, username, nickname, avatar_url FROM "user" WHERE id = ANY($1::bigint[])`,
    values: [ids],
  });
  return { members: members.rows, profiles: profiles.rows };
}

/**
 * The badge totals of the conversation list (issue 6), as ConversationViewRepository.count and
 * .unreadTotal send them: sums over the user's rows of user_conversation_totals (migration 015),
 * which the view rows' trigger keeps (see badgeTotalPlans for what they read on the data set).
 */
export function badgeTotalStatements(userId: number) {
  return {
    totalCount: {
      name: 'conversation-count',
      text: `SELECT COALESCE(sum(conversations), 0)::integer AS count FROM user_conversation_totals
             WHERE user_id = $1 AND is_archived = FALSE`,
      values: [userId],
    },
    unreadTotal: {
      name: 'unread-total',
      text: `SELECT COALESCE(sum(unread_messages), 0)::integer AS total FROM user_conversation_totals
             WHERE user_id = $1 AND is_archived = FALSE AND is_muted = FALSE`,
      values: [userId],
    },
  };
}

export async function badgeTotals(db: pg.Pool, userId: number) {
  const statements = badgeTotalStatements(userId);
  const [count, unread] = await Promise.all([db.query(statements.totalCount), db.query(statements.unreadTotal)]);
  return { totalCount: count.rows[0].count, unreadTotal: unread.rows[0].total };
}
