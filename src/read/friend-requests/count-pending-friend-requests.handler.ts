import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CountPendingFriendRequestsQuery } from './count-pending-friend-requests.query.js';
import { PendingFriendRequestRepository } from './pending-friend-request.repository.js';

@QueryHandler(CountPendingFriendRequestsQuery)
export class CountPendingFriendRequestsHandler implements IQueryHandler<CountPendingFriendRequestsQuery> {
  constructor(private readonly requests: PendingFriendRequestRepository) {}

  execute({ viewerId, direction }: CountPendingFriendRequestsQuery): Promise<number> {
    return this.requests.count(viewerId, direction);
  }
}
