import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Transaction } from '../../database/transaction.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors/domain-error.js';
import { MessageSent } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
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
      const memberIds = await lockChannelForSender(tx, channelId, senderId);
      // Taken under the channel lock, so message ids and times never go backwards in a channel.
      const sentAt = this.clock.now();
      const message = await tx.message.create({ data: { channelId, senderId, body: text, createdAt: sentAt } });
      await tx.channel.update({
        where: { id: channelId },
        data: {
          lastMessageId: message.id,
          lastMessageTime: sentAt,
          lastMessagePreview: preview,
          lastMessageSenderId: senderId,
        },
      });
      const event = new MessageSent(message.id, channelId, senderId, text, preview, memberIds, sentAt);
      return { result: { id: message.id, channelId, senderId, body: text, sentAt }, events: [event] };
    });
  }
}

/** Locks the channel row (serializing sends into it) and returns its current members. */
async function lockChannelForSender(tx: Transaction, channelId: bigint, senderId: bigint): Promise<bigint[]> {
  const [channel] = await tx.$queryRaw<{ dissolved_at: bigint }[]>`
    SELECT dissolved_at FROM channel WHERE id = ${channelId} FOR UPDATE`;
  const members = channel
    ? await tx.channelMember.findMany({ where: { channelId, leftAt: 0n }, select: { userId: true } })
    : [];
  const memberIds = members.map((m) => m.userId);
  if (!memberIds.includes(senderId)) {
    throw channel
      ? new ForbiddenError('NOT_A_MEMBER', `you are not a member of conversation ${channelId}`)
      : new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${channelId} does not exist`);
  }
  if (channel!.dissolved_at !== 0n) {
    throw new ConflictError('CONVERSATION_DISSOLVED', `conversation ${channelId} has been dissolved`);
  }
  return memberIds;
}
