import { Injectable } from '@nestjs/common';
import { Prisma } from '../../database/generated/prisma/client.js';
import { ShardMap } from '../../sharding/shard-map.js';
import { shardOf, shardTables } from '../../sharding/shard-router.js';
import type { ConversationPosition } from './conversation-cursor.js';
import { conversationFilterSql, conversationTotalsFilterSql, type ConversationFilter } from './conversation-filter.js';
import type { ConversationView } from './conversation-view.js';

// Must stay the exact expression of the list indexes (migration 004), or they cannot serve the order.
const ACTIVITY_TIME = Prisma.sql`GREATEST(last_message_time, draft_time)`;

const COLUMNS = Prisma.sql`
  user_id AS "ownerId", channel_id AS "channelId", channel_type AS "channelType",
  peer_user_id AS "peerUserId", peer_nickname AS "peerNickname", peer_avatar_url AS "peerAvatarUrl",
  group_name AS "groupName", group_avatar_url AS "groupAvatarUrl", remark,
  member_count AS "memberCount", is_pinned AS "isPinned", is_muted AS "isMuted",
  is_hidden AS "isHidden", closed_at AS "closedAt", peer_is_contact AS "peerIsContact",
  last_message_id AS "lastMessageId", last_message_time AS "lastMessageTime",
  last_message_preview AS "lastMessagePreview", last_message_sender_id AS "lastMessageSenderId",
  unread_count AS "unreadCount", pinned_at AS "pinnedAt", is_archived AS "isArchived",
  marked_unread AS "markedUnread", draft, draft_time AS "draftTime", mention_count AS "mentionCount",
  ${ACTIVITY_TIME} AS "activityTime", version`;

/** Reads one owner's conversation rows from the shard (and database) that holds them. */
@Injectable()
export class ConversationViewRepository {
  constructor(private readonly shards: ShardMap) {}

  /** `limit` rows of the (filtered) visible list after `after`, in list order: one index range scan. */
  async listPage(
    ownerId: bigint,
    limit: number,
    after: ConversationPosition | null,
    filter: ConversationFilter = {},
  ): Promise<ConversationView[]> {
    const shard = shardOf(ownerId);
    const afterClause = after
      ? Prisma.sql`AND (is_pinned, pinned_at, ${ACTIVITY_TIME}, channel_id)
                     < (${after.isPinned}, ${after.pinnedAt}, ${after.activityTime}, ${after.channelId})`
      : Prisma.empty;
    return this.shards.databaseFor(shard).read<ConversationView>(Prisma.sql`
      SELECT ${COLUMNS} FROM ${shardTables.conversationView(shard)}
      WHERE ${conversationFilterSql(ownerId, filter)} ${afterClause}
      ORDER BY is_pinned DESC, pinned_at DESC, ${ACTIVITY_TIME} DESC, channel_id DESC
      LIMIT ${limit}`);
  }

  /** How many rows the filtered list has: a sum over the owner's badge totals (at most 32 rows). */
  async count(ownerId: bigint, filter: ConversationFilter): Promise<number> {
    const shard = shardOf(ownerId);
    const [row] = await this.shards.databaseFor(shard).read<{ count: number }>(Prisma.sql`
      SELECT COALESCE(sum(conversations), 0)::integer AS count FROM user_conversation_totals
      WHERE ${conversationTotalsFilterSql(ownerId, filter)}`);
    return row!.count;
  }

  /** The unread badge: unread messages over the open, visible, unmuted conversations of the main list (not the archive). */
  async unreadTotal(ownerId: bigint): Promise<number> {
    const shard = shardOf(ownerId);
    const [row] = await this.shards.databaseFor(shard).read<{ total: number }>(Prisma.sql`
      SELECT COALESCE(sum(unread_messages), 0)::integer AS total FROM user_conversation_totals
      WHERE user_id = ${ownerId} AND is_archived = FALSE AND is_muted = FALSE`);
    return row!.total;
  }

  async findOne(ownerId: bigint, channelId: bigint): Promise<ConversationView | null> {
    const shard = shardOf(ownerId);
    const [row] = await this.shards.databaseFor(shard).read<ConversationView>(Prisma.sql`
      SELECT ${COLUMNS} FROM ${shardTables.conversationView(shard)}
      WHERE user_id = ${ownerId} AND channel_id = ${channelId}`);
    return row ?? null;
  }
}

/** The columns of a ConversationView, also what the change feed returns. */
export { COLUMNS as CONVERSATION_VIEW_COLUMNS };
