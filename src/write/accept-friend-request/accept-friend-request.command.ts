import { Command } from '@nestjs/cqrs';
import type { FriendRequestRecord } from '../friend-request-record.js';

export interface AcceptedFriendRequest {
  readonly request: FriendRequestRecord;
  readonly channelId: bigint;
}

export class AcceptFriendRequestCommand extends Command<AcceptedFriendRequest> {
  constructor(
    /** Only the recipient of a request may accept it. */
    readonly viewerId: bigint,
    readonly requestId: bigint,
  ) {
    super();
  }
}
