import type { FriendRequestRecord } from '../friend-request-record.js';
import { ViewerCommand } from '../viewer-command.js';

/** The recipient says no. */
export class DeclineFriendRequestCommand extends ViewerCommand<FriendRequestRecord> {
  constructor(
    viewerId: bigint,
    readonly requestId: bigint,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
