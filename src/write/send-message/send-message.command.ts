import { Command } from '@nestjs/cqrs';

export interface SentMessage {
  readonly id: bigint;
  readonly channelId: bigint;
  readonly senderId: bigint;
  readonly body: string;
  readonly sentAt: bigint;
}

export class SendMessageCommand extends Command<SentMessage> {
  constructor(
    readonly senderId: bigint,
    readonly channelId: bigint,
    readonly body: string,
  ) {
    super();
  }
}
