import { ViewerCommand } from '../viewer-command.js';

export interface SentMessage {
  readonly id: bigint;
  readonly channelId: bigint;
  readonly senderId: bigint;
  readonly body: string;
  readonly sentAt: bigint;
}

export class SendMessageCommand extends ViewerCommand<SentMessage> {
  constructor(
    viewerId: bigint,
    readonly channelId: bigint,
    readonly body: string,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
