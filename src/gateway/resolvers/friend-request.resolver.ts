import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { FriendRequestRecord } from '../../write/friend-request-record.js';

@Resolver('FriendRequest')
export class FriendRequestResolver {
  @ResolveField()
  id(@Parent() request: FriendRequestRecord): string {
    return request.id.toString();
  }

  @ResolveField()
  fromUserId(@Parent() request: FriendRequestRecord): string {
    return request.fromUserId.toString();
  }

  @ResolveField()
  toUserId(@Parent() request: FriendRequestRecord): string {
    return request.toUserId.toString();
  }
}
