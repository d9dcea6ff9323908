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
      const id = await appendMessage(tx, { channelId, senderId, text, preview, sentAt });
      const mentions = await recordMentions(tx, { id, channelId, senderId, body: text }, type, memberIds);
      const event = new MessageSent(id, channelId, senderId, text, preview, memberIds, sentAt, mentions.userIds, mentions.all);
      return { result: { id, channelId, senderId, body: text, sentAt }, events: [event] };
    });
  }
}

interface ChannelForSender {
  readonly type: string;
  readonly memberIds: bigint[];
}

/** Locks the channel row (serializing sends into it) and returns its type and current members. */
async function lockChannelForSender(tx: Transaction, channelId: bigint, senderId: bigint): Promise<ChannelForSender> {
  const [channel] = await tx.$queryRaw<{ type: string; dissolved_at: bigint }[]>`
    SELECT type, dissolved_at FROM channel WHERE id = ${channelId} FOR UPDATE`;
  if (!channel) throw new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${channelId} does not exist`);
  // A statement of its own after the lock: its snapshot sees every membership change committed
  // before the lock was granted (one statement with the lock would read members as of its start).
  const direct = channel.type === 'DIRECT';
  const [sender] = await tx.$queryRaw<{ member_ids: bigint[]; peer_id: bigint | null; blocked: boolean; friends: boolean }[]>`
    WITH members AS (SELECT user_id FROM channel_member WHERE channel_id = ${channelId} AND left_at = 0),
         peer AS (SELECT user_id FROM members WHERE ${direct} AND user_id <> ${senderId} LIMIT 1)
    SELECT ARRAY(SELECT user_id FROM members ORDER BY user_id) AS member_ids,
           (SELECT user_id FROM peer) AS peer_id,
           EXISTS (SELECT 1 FROM user_block b JOIN peer ON b.blocker_id = peer.user_id WHERE b.blocked_id = ${senderId}) AS blocked,
           EXISTS (SELECT 1 FROM friendship f JOIN peer ON f.friend_id = peer.user_id
                   WHERE f.user_id = ${senderId} AND f.deleted_at = 0) AS friends`;
  const memberIds = sender.member_ids;
  if (!memberIds.includes(senderId)) {
    throw new ForbiddenError('NOT_A_MEMBER', `you are not a member of conversation ${channelId}`);
  }
  if (channel.dissolved_at !== 0n) {
    throw new ConflictError('CONVERSATION_DISSOLVED', `conversation ${channelId} has been dissolved`);
  }
  // A direct chat carries messages only between friends, and never to someone who blocked you.
  if (direct && sender.blocked) throw new ForbiddenError('BLOCKED', `user ${sender.peer_id} does not accept messages from you`);
  if (direct && !sender.friends) throw new ForbiddenError('NOT_FRIENDS', `you and user ${sender.peer_id} are no longer friends`);
  return { type: channel.type, memberIds };
}

interface NewMessage {
  readonly channelId: bigint;
  readonly senderId: bigint;
  readonly text: string;
  readonly preview: string;
  readonly sentAt: bigint;
}

/**
 * Appends the message, makes it the channel's last one, and updates the members' own state, in
 * one statement (each statement is a round trip inside the channel lock). A new message brings
 * a hidden conversation back for everyone, and an archived one for those who have not muted it
 * (a muted archived chat stays archived, as in Telegram). The sender has read it: unread and the
 * manual unread mark are gone, and the draft was sent.
 */
async function appendMessage(tx: Transaction, message: NewMessage): Promise<bigint> {
  const { channelId, senderId, text, preview, sentAt } = message;
  const [appended] = await tx.$queryRaw<{ id: bigint }[]>`
    WITH appended AS (
      INSERT INTO message (channel_id, sender_id, body, created_at) VALUES (${channelId}, ${senderId}, ${text}, ${sentAt})
      RETURNING id
    ), last_message AS (
      UPDATE channel SET last_message_id = appended.id, last_message_time = ${sentAt},
                         last_message_preview = ${preview}, last_message_sender_id = ${senderId}
      FROM appended WHERE channel.id = ${channelId}
    ), member_state AS (
      UPDATE channel_member SET
        is_hidden = FALSE,
        is_archived = is_archived AND is_muted,
        last_read_message_id = CASE WHEN user_id = ${senderId} THEN appended.id ELSE last_read_message_id END,
        marked_unread = marked_unread AND user_id <> ${senderId},
        draft = CASE WHEN user_id = ${senderId} THEN '' ELSE draft END,
        draft_at = CASE WHEN user_id = ${senderId} THEN 0 ELSE draft_at END
      FROM appended
      WHERE channel_id = ${channelId} AND left_at = 0
        AND (is_hidden OR (is_archived AND NOT is_muted) OR user_id = ${senderId})
    )
    SELECT id FROM appended`;
  return appended.id;
}
