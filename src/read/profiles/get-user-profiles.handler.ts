import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GetUserProfilesQuery } from './get-user-profiles.query.js';
import type { UserProfile } from './user-profile.js';
import { UserProfileRepository } from './user-profile.repository.js';

@QueryHandler(GetUserProfilesQuery)
export class GetUserProfilesHandler implements IQueryHandler<GetUserProfilesQuery> {
  constructor(private readonly profiles: UserProfileRepository) {}

  execute({ userIds }: GetUserProfilesQuery): Promise<Array<UserProfile | null>> {
    return this.profiles.byIds(userIds);
  }
}
