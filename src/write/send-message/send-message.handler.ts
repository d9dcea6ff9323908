import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Transaction } from '../../database/transaction.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors/domain-error.js';
import { MessageSent } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { recordMentions } from './message-mentions.js';
import { messagePreview, validMessageBody } from './message-preview.js';
import { SendMessageCommand, type SentMessage } from './send-message.command.js';

@CommandHandler(SendMessageCommand)
export class SendMessageHandler implements ICommandHandler<SendMessageCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: SendMessageCommand): Promise<SentMessage> {
    const { viewerId: senderId, channelId, body } = command;
    const text = validMessageBody(body);
    const preview = messagePreview(text);
    return this.dualWrite.commit(command, async (tx) => {
      const { type, memberIds } = await lockChannelForSender(tx, channelId, senderId);
      // Taken under the channel lock, so message ids and times never go backwards in a channel.
      const sentAt = this.clock.now();
      const message = await tx.message.create({ data: { channelId, senderId, body: text, createdAt: sentAt } });
      await tx.channel.update({
        where: { id: channelId },
        data: { lastMessageId: message.id, lastMessageTime: sentAt, lastMessagePreview: preview, lastMessageSenderId: senderId },
      });
      const mentions = await recordMentions(tx, { id: message.id, channelId, senderId, body: text }, type, memberIds);
      // A new message brings a hidden conversation back for everyone, and an archived one for
      // those who have not muted it (a muted archived chat stays archived, as in Telegram). The
      // sender has read it: unread and the manual unread mark are gone, and the draft was sent.
      await tx.$executeRaw`
        UPDATE channel_member SET
          is_hidden = FALSE,
          is_archived = is_archived AND is_muted,
          last_read_message_id = CASE WHEN user_id = ${senderId} THEN ${message.id} ELSE last_read_message_id END,
          marked_unread = marked_unread AND user_id <> ${senderId},
          draft = CASE WHEN user_id = ${senderId} THEN '' ELSE draft END,
          draft_at = CASE WHEN user_id = ${senderId} THEN 0 ELSE draft_at END
        WHERE channel_id = ${channelId} AND left_at = 0
          AND (is_hidden OR (is_archived AND NOT is_muted) OR user_id = ${senderId})`;
      const event = new MessageSent(
        message.id, channelId, senderId, text, preview, memberIds, sentAt, mentions.userIds, mentions.all,
      );
      return { result: { id: message.id, channelId, senderId, body: text, sentAt }, events: [event] };
    });
  }
}

/** Locks the channel row (serializing sends into it) and returns its type and current members. */
async function lockChannelForSender(
  tx: Transaction,
  channelId: bigint,
  senderId: bigint,
): Promise<{ type: string; memberIds: bigint[] }> {
  const [channel] = await tx.$queryRaw<{ type: string; dissolved_at: bigint }[]>`
    SELECT type, dissolved_at FROM channel WHERE id = ${channelId} FOR UPDATE`;
  if (!channel) throw new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${channelId} does not exist`);
  const members = await tx.channelMember.findMany({ where: { channelId, leftAt: 0n }, select: { userId: true } });
  const memberIds = members.map((m) => m.userId);
  if (!memberIds.includes(senderId)) {
    throw new ForbiddenError('NOT_A_MEMBER', `you are not a member of conversation ${channelId}`);
  }
  if (channel.dissolved_at !== 0n) {
    throw new ConflictError('CONVERSATION_DISSOLVED', `conversation ${channelId} has been dissolved`);
  }
  if (channel.type === 'DIRECT') await assertMayMessagePeer(tx, senderId, memberIds.find((id) => id !== senderId)!);
  return { type: channel.type, memberIds };
}

/** A direct chat carries messages only between friends, and never to someone who blocked you. */
async function assertMayMessagePeer(tx: Transaction, senderId: bigint, peerId: bigint): Promise<void> {
  const [relation] = await tx.$queryRaw<{ blocked: boolean; friends: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM user_block WHERE blocker_id = ${peerId} AND blocked_id = ${senderId}) AS blocked,
           EXISTS (SELECT 1 FROM friendship WHERE user_id = ${senderId} AND friend_id = ${peerId} AND deleted_at = 0) AS friends`;
  if (relation.blocked) throw new ForbiddenError('BLOCKED', `user ${peerId} does not accept messages from you`);
  if (!relation.friends) throw new ForbiddenError('NOT_FRIENDS', `you and user ${peerId} are no longer friends`);
}
