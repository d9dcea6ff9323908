import type { FriendRequestRecord } from '../friend-request-record.js';
import { ViewerCommand } from '../viewer-command.js';

export interface AcceptedFriendRequest {
  readonly request: FriendRequestRecord;
  readonly channelId: bigint;
}

/** Only the recipient of a request may accept it. */
export class AcceptFriendRequestCommand extends ViewerCommand<AcceptedFriendRequest> {
  constructor(
    viewerId: bigint,
    readonly requestId: bigint,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
