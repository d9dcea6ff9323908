import type { Transaction } from '../database/transaction.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/domain-error.js';

/**
 * The viewer's current membership of a conversation, locked, for commands that change only the
 * viewer's own settings. Former members and dissolved groups have nothing left to set.
 */
export async function lockOwnMembership(tx: Transaction, viewerId: bigint, channelId: bigint) {
  // Channel first, as every command on a channel locks it, so a dissolve or a message in flight
  // is either wholly before this change or wholly after it.
  await tx.$queryRaw`SELECT id FROM channel WHERE id = ${channelId} FOR SHARE`;
  const [membership] = await tx.$queryRaw<
    {
      is_pinned: boolean; pinned_at: bigint; is_muted: boolean; is_hidden: boolean; closed_at: bigint;
      is_archived: boolean; marked_unread: boolean; draft: string; left_at: bigint; dissolved_at: bigint; last_message_id: bigint;
    }[]
  >`
    SELECT cm.is_pinned, cm.pinned_at, cm.is_muted, cm.is_hidden, cm.closed_at, cm.is_archived, cm.marked_unread, cm.draft,
           cm.left_at, c.dissolved_at, c.last_message_id
    FROM channel_member cm JOIN channel c ON c.id = cm.channel_id
    WHERE cm.channel_id = ${channelId} AND cm.user_id = ${viewerId}
    FOR UPDATE OF cm`;
  if (!membership) throw new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${channelId} is not in your list`);
  if (membership.left_at !== 0n) {
    throw new ForbiddenError('NOT_A_MEMBER', `you are no longer a member of conversation ${channelId}`);
  }
  if (membership.dissolved_at !== 0n) {
    throw new ConflictError('CONVERSATION_DISSOLVED', `conversation ${channelId} has been dissolved`);
  }
  return membership;
}
