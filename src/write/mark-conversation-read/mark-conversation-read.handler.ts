import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConversationRead } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { lockOwnMembership } from '../conversation-membership.js';
import { DualWrite } from '../dual-write.js';
import { MarkConversationReadCommand } from './mark-conversation-read.command.js';

@CommandHandler(MarkConversationReadCommand)
export class MarkConversationReadHandler implements ICommandHandler<MarkConversationReadCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: MarkConversationReadCommand): Promise<void> {
    const { viewerId, channelId } = command;
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      const membership = await lockOwnMembership(tx, viewerId, channelId);
      const lastReadMessageId = membership.last_message_id;
      await tx.channelMember.update({
        where: { channelId_userId: { channelId, userId: viewerId } },
        data: { lastReadMessageId, markedUnread: false },
      });
      return { result: undefined, events: [new ConversationRead(viewerId, channelId, lastReadMessageId, now)] };
    });
  }
}
