import { Query } from '@nestjs/cqrs';
import type { RequestDirection } from './pending-friend-request.repository.js';

export class CountPendingFriendRequestsQuery extends Query<number> {
  constructor(
    readonly viewerId: bigint,
    readonly direction: RequestDirection,
  ) {
    super();
  }
}
