import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { UserProfile } from '../../read/profiles/user-profile.js';

@Resolver('User')
export class UserResolver {
  @ResolveField()
  id(@Parent() user: UserProfile): string {
    return user.id.toString();
  }
}
