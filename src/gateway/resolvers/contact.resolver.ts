import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ContactView } from '../../read/contacts/contact-view.js';

@Resolver('Contact')
export class ContactResolver {
  @ResolveField()
  id(@Parent() row: ContactView): string {
    return row.friendId.toString();
  }

  @ResolveField()
  username(@Parent() row: ContactView): string {
    return row.friendUsername;
  }

  @ResolveField()
  nickname(@Parent() row: ContactView): string {
    return row.friendNickname;
  }

  @ResolveField()
  avatarUrl(@Parent() row: ContactView): string {
    return row.friendAvatarUrl;
  }

  @ResolveField()
  displayName(@Parent() row: ContactView): string {
    return row.remark || row.friendNickname;
  }

  @ResolveField()
  conversationId(@Parent() row: ContactView): string {
    return row.channelId.toString();
  }

  @ResolveField()
  friendsSince(@Parent() row: ContactView): bigint {
    return row.createdAt;
  }

  @ResolveField()
  version(@Parent() row: ContactView): string {
    return row.version.toString();
  }
}
