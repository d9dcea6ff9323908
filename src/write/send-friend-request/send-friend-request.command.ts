import { Command } from '@nestjs/cqrs';
import type { FriendRequestRecord } from '../friend-request-record.js';

export class SendFriendRequestCommand extends Command<FriendRequestRecord> {
  constructor(
    readonly fromUserId: bigint,
    readonly toUserId: bigint,
    readonly message?: string | null,
  ) {
    super();
  }
}
