import { Prisma } from '../database/generated/prisma/client.js';
import type { Transaction } from '../database/transaction.js';
import type { MessageSent } from '../events/index.js';
import { shardTables } from '../sharding/shard-router.js';
import type { NewConversation } from './conversation-view.rows.js';
import { fanOutViewWrite } from './view-fan-out.js';
import { updateViewRows } from './view-row-update.js';
import type { ViewWrite } from './view-shards.js';

const ON_EXISTING_ROW = {
  refreshPeer: Prisma.sql`
    peer_nickname = EXCLUDED.peer_nickname, peer_avatar_url = EXCLUDED.peer_avatar_url,
    peer_info_ver = EXCLUDED.peer_info_ver, peer_is_contact = EXCLUDED.peer_is_contact,
    version = EXCLUDED.version`,
  rejoin: Prisma.sql`
    group_name = EXCLUDED.group_name, group_avatar_url = EXCLUDED.group_avatar_url,
    channel_info_ver = EXCLUDED.channel_info_ver, member_count = EXCLUDED.member_count,
    is_pinned = FALSE, pinned_at = 0, is_muted = FALSE, is_hidden = FALSE, closed_at = 0, unread_count = 0,
    is_archived = FALSE, marked_unread = FALSE, draft = '', draft_time = 0, mention_count = 0,
    last_message_id = EXCLUDED.last_message_id, last_message_time = EXCLUDED.last_message_time,
    last_message_preview = EXCLUDED.last_message_preview,
    last_message_sender_id = EXCLUDED.last_message_sender_id,
    last_message_sender_info_ver = EXCLUDED.last_message_sender_info_ver,
    last_read_message_id = EXCLUDED.last_read_message_id, version = EXCLUDED.version`,
};

/**
 * Creates each owner's row (a few shards per statement) and, for a direct chat, the reverse index
 * of who shows whom. A new row starts read: its last read message is the channel's last one.
 */
export async function insertConversation(at: ViewWrite, conversation: NewConversation): Promise<void> {
  const { tx } = at;
  const byOwner = new Map(conversation.rows.map((row) => [row.ownerId, row]));
  const last = conversation.lastMessage;
  const isDirect = conversation.channelType === 'DIRECT';
  const senderInfoVer = await lastSenderInfoVer(tx, last.senderId);
  await fanOutViewWrite(at, byOwner.keys(), (shard, ownerIds, clock) => {
    const rows = ownerIds.map((id) => byOwner.get(id)!);
    return Prisma.sql`
      INSERT INTO ${shardTables.conversationView(shard)} AS v (
        user_id, channel_id, channel_type, peer_user_id, peer_nickname, peer_avatar_url, peer_info_ver,
        peer_is_contact, group_name, group_avatar_url, channel_info_ver, member_count,
        last_message_id, last_message_time, last_message_preview, last_message_sender_id,
        last_message_sender_info_ver, last_read_message_id, version)
      SELECT r.user_id, ${conversation.channelId}, ${conversation.channelType},
             r.peer_user_id, r.peer_nickname, r.peer_avatar_url, r.peer_info_ver, ${isDirect},
             ${conversation.groupName}, ${conversation.groupAvatarUrl}, ${conversation.channelInfoVer},
             ${conversation.memberCount}, ${last.id}, ${last.time}, ${last.preview}, ${last.senderId},
             ${senderInfoVer}, ${last.id}, clock.version
      FROM unnest(
        ${rows.map((r) => r.ownerId)}::bigint[],
        ${rows.map((r) => r.peer?.id ?? 0n)}::bigint[],
        ${rows.map((r) => r.peer?.nickname ?? '')}::text[],
        ${rows.map((r) => r.peer?.avatarUrl ?? '')}::text[],
        ${rows.map((r) => r.peer?.infoVer ?? 0n)}::bigint[]
      ) AS r(user_id, peer_user_id, peer_nickname, peer_avatar_url, peer_info_ver)
      JOIN ${clock} AS clock ON clock.user_id = r.user_id
      ON CONFLICT (user_id, channel_id) DO UPDATE SET ${ON_EXISTING_ROW[conversation.onExistingRow]}`;
  });
  const peers = conversation.rows.filter((row) => row.peer);
  if (peers.length > 0) {
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO conversation_reverse_index (peer_user_id, owner_user_id, channel_id)
      SELECT peer, owner, ${conversation.channelId}
      FROM unnest(${peers.map((r) => r.peer!.id)}::bigint[], ${peers.map((r) => r.ownerId)}::bigint[]) AS p(peer, owner)
      ON CONFLICT DO NOTHING`);
  }
}

/**
 * Every member's row shows the new last message; everyone but the sender gets one more unread
 * (and one more mention if it names them). Sending reads the conversation (as in every IM
 * client): the sender's unread, mentions and unread mark go, and their draft was sent. The
 * archive rule is the write side's (send-message.handler.ts): unmuted rows leave the archive.
 */
export async function applyMessageSent(at: ViewWrite, event: MessageSent): Promise<void> {
  const sender = Prisma.sql`v.user_id = ${event.senderId}`;
  // One SQL text for both kinds of mention: the statements are prepared (see below).
  const mentioned = Prisma.sql`(${event.mentionsAll} OR v.user_id = ANY(${[...event.mentionedUserIds]}::bigint[]))`;
  const senderInfoVer = await lastSenderInfoVer(at.tx, event.senderId);
  return updateViewRows(
    at,
    'conversationView',
    event.memberIds,
    Prisma.sql`
      last_message_id = ${event.messageId},
      last_message_time = ${event.occurredAt},
      last_message_preview = ${event.preview},
      last_message_sender_id = ${event.senderId},
      last_message_sender_info_ver = ${senderInfoVer},
      unread_count = CASE WHEN ${sender} THEN 0 ELSE v.unread_count + 1 END,
      mention_count = CASE WHEN ${sender} THEN 0 WHEN ${mentioned} THEN v.mention_count + 1 ELSE v.mention_count END,
      last_read_message_id = CASE WHEN ${sender} THEN ${event.messageId} ELSE v.last_read_message_id END,
      marked_unread = v.marked_unread AND NOT ${sender},
      draft = CASE WHEN ${sender} THEN '' ELSE v.draft END,
      draft_time = CASE WHEN ${sender} THEN 0 ELSE v.draft_time END,
      is_archived = v.is_archived AND v.is_muted,
      is_hidden = FALSE`,
    Prisma.sql`v.channel_id = ${event.channelId} AND v.last_message_id < ${event.messageId}`,
    // The hottest fan-out: a large group's statements are prepared once per connection and
    // run on generic plans, instead of being parsed and planned on every send (docs/fan-out.md).
    { prepared: true },
  );
}

/**
 * The profile version of a last message's sender, read FOR SHARE: a profile change that commits
 * meanwhile either waits for this transaction (and then finds its rows) or is seen here.
 */
async function lastSenderInfoVer(tx: Transaction, senderId: bigint): Promise<bigint> {
  if (senderId === 0n) return 0n;
  const [sender] = await tx.$queryRaw<{ info_ver: bigint }[]>`SELECT info_ver FROM "user" WHERE id = ${senderId} FOR SHARE`;
  return sender?.info_ver ?? 0n;
}
