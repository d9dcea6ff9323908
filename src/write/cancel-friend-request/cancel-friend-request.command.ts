import type { FriendRequestRecord } from '../friend-request-record.js';
import { ViewerCommand } from '../viewer-command.js';

/** The sender withdraws a request that is still pending. */
export class CancelFriendRequestCommand extends ViewerCommand<FriendRequestRecord> {
  constructor(
    viewerId: bigint,
    readonly requestId: bigint,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
