import { Prisma } from '../../database/generated/prisma/client.js';
import { shardTables, type ShardNumber } from '../../sharding/shard-router.js';
import { fanOutViewWrite, lockOwnerClocks } from '../view-fan-out.js';
import type { ViewWrite } from '../view-shards.js';

/**
 * Brings the current members' conversation rows of one channel up to its last message, however
 * many messages behind each row is: what applyMessageSent does for one message, for all the
 * messages a row has not shown yet. A row already there is left alone, so running it twice, or
 * after a rebuild, changes nothing.
 *
 * The counts are deltas: messages of others after the later of the row's last message and the
 * member's last read one (the write side's), added to the row's unread count unless the member
 * has read past the row since. That counts a few messages a row, not every unread message of an
 * inactive member. Everything else a send changes for a member (hidden, archived, the sender's
 * read mark and draft) is copied from channel_member, which the send wrote.
 *
 * The owners' clock rows are locked first, in their own statement: the update then reads
 * channel_member in a snapshot taken after every command that changed these rows committed, and
 * a command still to come waits for this transaction and writes its own change after it. In one
 * statement, the snapshot would predate the lock wait, and a stale channel_member value could
 * overwrite what a concurrent command (archive, mark read) had just written.
 */
export async function catchUpMemberRows(at: ViewWrite, channelId: bigint, ownerIds: readonly bigint[]): Promise<void> {
  await lockOwnerClocks(at, ownerIds, { prepared: true });
  await fanOutViewWrite(at, ownerIds, (shard, owners, clock) => rowsUpToLastMessage(shard, owners, clock, channelId), { prepared: true });
}

function rowsUpToLastMessage(shard: ShardNumber, owners: bigint[], clock: Prisma.Sql, channelId: bigint): Prisma.Sql {
  const readPastRow = Prisma.sql`cm.last_read_message_id >= v.last_message_id`;
  const newOthers = Prisma.sql`
    FROM message m
    WHERE m.channel_id = c.id AND m.id > GREATEST(cm.last_read_message_id, v.last_message_id)
      AND m.id <= c.last_message_id AND m.sender_id <> v.user_id`;
  return Prisma.sql`
    UPDATE ${shardTables.conversationView(shard)} AS v SET
      last_message_id = c.last_message_id,
      last_message_time = c.last_message_time,
      last_message_preview = c.last_message_preview,
      last_message_sender_id = c.last_message_sender_id,
      last_message_sender_info_ver = COALESCE(sender.info_ver, 0),
      unread_count = CASE WHEN ${readPastRow} THEN 0 ELSE v.unread_count END + (SELECT count(*) ${newOthers})::integer,
      mention_count = CASE WHEN ${readPastRow} THEN 0 ELSE v.mention_count END + (
        SELECT count(*) ${newOthers}
          AND EXISTS (SELECT 1 FROM message_mention mm WHERE mm.message_id = m.id AND mm.user_id IN (v.user_id, 0)))::integer,
      last_read_message_id = cm.last_read_message_id,
      marked_unread = cm.marked_unread,
      draft = cm.draft,
      draft_time = cm.draft_at,
      is_archived = cm.is_archived,
      is_hidden = cm.is_hidden,
      version = clock.version
    FROM ${clock} AS clock, channel c
    JOIN channel_member cm ON cm.channel_id = c.id
    LEFT JOIN "user" sender ON sender.id = c.last_message_sender_id
    WHERE c.id = ${channelId} AND v.channel_id = c.id AND cm.user_id = v.user_id AND cm.left_at = 0
      AND v.user_id = clock.user_id AND v.user_id = ANY(${owners}::bigint[])
      AND v.last_message_id < c.last_message_id`;
}
