import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../database/database.js';
import { PRIMARY_DATABASE } from '../database/database.tokens.js';

/**
 * BENCHMARK ONLY (BENCH_JOIN_BASELINE=1): the two hot lists as the join-based design computes
 * them, from the normalized write side alone — channel_member ⋈ channel ⋈ user, the last message
 * of each channel looked up in `message`, unread counted per row. The product never calls this;
 * it exists so the benchmark can measure what the CQRS read side replaces, in the same process.
 */
@Injectable()
export class JoinBaselineRepository {
  constructor(@Inject(PRIMARY_DATABASE) private readonly database: Database) {}

  conversations(viewerId: bigint, limit: number): Promise<unknown[]> {
    return this.database.prisma.$queryRaw`
      SELECT c.id AS "channelId", c.type AS "channelType", c.name AS "groupName", c.avatar_url AS "groupAvatarUrl",
             c.member_count AS "memberCount", cm.is_pinned AS "isPinned", cm.is_muted AS "isMuted",
             peer.user_id AS "peerUserId", pu.nickname AS "peerNickname", pu.avatar_url AS "peerAvatarUrl",
             COALESCE(f.remark, '') AS remark, lm.id AS "lastMessageId", lm.body AS "lastMessageBody",
             lm.sender_id AS "lastMessageSenderId", COALESCE(lm.created_at, c.created_at) AS "lastMessageTime",
             (SELECT count(*) FROM message m
              WHERE m.channel_id = c.id AND m.id > cm.last_read_message_id AND m.sender_id <> cm.user_id)::int AS "unreadCount"
      FROM channel_member cm
      JOIN channel c ON c.id = cm.channel_id
      LEFT JOIN channel_member peer ON c.type = 'DIRECT' AND peer.channel_id = c.id AND peer.user_id <> cm.user_id
      LEFT JOIN "user" pu ON pu.id = peer.user_id
      LEFT JOIN friendship f ON f.user_id = cm.user_id AND f.friend_id = peer.user_id
      LEFT JOIN LATERAL (
        SELECT id, body, sender_id, created_at FROM message WHERE channel_id = c.id ORDER BY id DESC LIMIT 1
      ) AS lm ON TRUE
      WHERE cm.user_id = ${viewerId} AND cm.left_at = 0 AND cm.closed_at = 0 AND cm.is_hidden = FALSE AND c.dissolved_at = 0
      ORDER BY cm.is_pinned DESC, COALESCE(lm.created_at, c.created_at) DESC, c.id DESC
      LIMIT ${limit}`;
  }

  contacts(viewerId: bigint, limit: number): Promise<unknown[]> {
    return this.database.prisma.$queryRaw`
      SELECT f.friend_id AS "friendId", u.username AS "friendUsername", u.nickname AS "friendNickname",
             u.avatar_url AS "friendAvatarUrl", f.remark, f.channel_id AS "channelId", f.created_at AS "createdAt"
      FROM friendship f JOIN "user" u ON u.id = f.friend_id
      WHERE f.user_id = ${viewerId} AND f.deleted_at = 0
      ORDER BY lower(COALESCE(NULLIF(f.remark, ''), u.nickname)), f.friend_id
      LIMIT ${limit}`;
  }
}
