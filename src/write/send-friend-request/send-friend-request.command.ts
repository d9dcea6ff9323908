import type { FriendRequestRecord } from '../friend-request-record.js';
import { ViewerCommand } from '../viewer-command.js';

export class SendFriendRequestCommand extends ViewerCommand<FriendRequestRecord> {
  constructor(
    viewerId: bigint,
    readonly toUserId: bigint,
    readonly message?: string | null,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
