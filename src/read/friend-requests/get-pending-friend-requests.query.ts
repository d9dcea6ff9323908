import { Query } from '@nestjs/cqrs';
import type { Page } from '../page.js';
import type { PendingFriendRequest, RequestDirection } from './pending-friend-request.repository.js';

/** The viewer's pending requests of one direction, newest first. */
export class GetPendingFriendRequestsQuery extends Query<Page<PendingFriendRequest>> {
  constructor(
    readonly viewerId: bigint,
    readonly direction: RequestDirection,
    readonly first: number,
    readonly after?: string | null,
  ) {
    super();
  }
}
