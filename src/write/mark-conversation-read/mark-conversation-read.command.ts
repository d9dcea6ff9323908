import { ViewerCommand } from '../viewer-command.js';

/** Everything in the conversation up to its last message is read: unread back to 0. */
export class MarkConversationReadCommand extends ViewerCommand<void> {
  constructor(
    viewerId: bigint,
    readonly channelId: bigint,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
