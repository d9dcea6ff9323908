import { Injectable } from '@nestjs/common';
import { Prisma } from '../../database/generated/prisma/client.js';
import { ShardMap } from '../../sharding/shard-map.js';
import { shardOf, shardTables } from '../../sharding/shard-router.js';
import type { ConversationPosition } from './conversation-cursor.js';
import type { ConversationView } from './conversation-view.js';

const COLUMNS = Prisma.sql`
  user_id AS "ownerId", channel_id AS "channelId", channel_type AS "channelType",
  peer_user_id AS "peerUserId", peer_nickname AS "peerNickname", peer_avatar_url AS "peerAvatarUrl",
  group_name AS "groupName", group_avatar_url AS "groupAvatarUrl", remark,
  member_count AS "memberCount", is_pinned AS "isPinned", is_muted AS "isMuted",
  is_hidden AS "isHidden", closed_at AS "closedAt", peer_is_contact AS "peerIsContact",
  last_message_id AS "lastMessageId", last_message_time AS "lastMessageTime",
  last_message_preview AS "lastMessagePreview", last_message_sender_id AS "lastMessageSenderId",
  unread_count AS "unreadCount", version`;

/** Reads one owner's conversation rows from the shard (and database) that holds them. */
@Injectable()
export class ConversationViewRepository {
  constructor(private readonly shards: ShardMap) {}

  /** `limit` rows of the visible list after `after`, in list order: one index range scan. */
  async listPage(ownerId: bigint, limit: number, after: ConversationPosition | null): Promise<ConversationView[]> {
    const shard = shardOf(ownerId);
    const afterClause = after
      ? Prisma.sql`AND (is_pinned, last_message_time, channel_id) < (${after.isPinned}, ${after.lastMessageTime}, ${after.channelId})`
      : Prisma.empty;
    return this.shards.databaseFor(shard).prisma.$queryRaw<ConversationView[]>`
      SELECT ${COLUMNS} FROM ${shardTables.conversationView(shard)}
      WHERE user_id = ${ownerId} AND closed_at = 0 AND is_hidden = FALSE ${afterClause}
      ORDER BY is_pinned DESC, last_message_time DESC, channel_id DESC
      LIMIT ${limit}`;
  }

  async findOne(ownerId: bigint, channelId: bigint): Promise<ConversationView | null> {
    const shard = shardOf(ownerId);
    const [row] = await this.shards.databaseFor(shard).prisma.$queryRaw<ConversationView[]>`
      SELECT ${COLUMNS} FROM ${shardTables.conversationView(shard)}
      WHERE user_id = ${ownerId} AND channel_id = ${channelId}`;
    return row ?? null;
  }
}

/** The columns of a ConversationView, also what the change feed returns. */
export { COLUMNS as CONVERSATION_VIEW_COLUMNS };
