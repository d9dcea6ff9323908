import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { decodeCursor, isIdText, toPage, validPageSize, type Page } from '../page.js';
import { GetPendingFriendRequestsQuery } from './get-pending-friend-requests.query.js';
import { PendingFriendRequestRepository, type PendingFriendRequest } from './pending-friend-request.repository.js';

@QueryHandler(GetPendingFriendRequestsQuery)
export class GetPendingFriendRequestsHandler implements IQueryHandler<GetPendingFriendRequestsQuery> {
  constructor(private readonly requests: PendingFriendRequestRepository) {}

  async execute({ viewerId, direction, first, after }: GetPendingFriendRequestsQuery): Promise<Page<PendingFriendRequest>> {
    const size = validPageSize(first);
    const beforeId = after ? BigInt(decodeCursor<[string]>(after, (v): v is [string] => v.length === 1 && isIdText(v[0]))[0]) : null;
    return toPage(await this.requests.listPage(viewerId, direction, size + 1, beforeId), size);
  }
}
