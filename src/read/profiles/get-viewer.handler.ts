import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../errors/domain-error.js';
import { GetViewerQuery } from './get-viewer.query.js';
import type { UserProfile } from './user-profile.js';
import { UserProfileRepository } from './user-profile.repository.js';

@QueryHandler(GetViewerQuery)
export class GetViewerHandler implements IQueryHandler<GetViewerQuery> {
  constructor(private readonly profiles: UserProfileRepository) {}

  async execute({ viewerId }: GetViewerQuery): Promise<UserProfile> {
    const [viewer] = await this.profiles.byIds([viewerId]);
    if (!viewer) throw new NotFoundError('USER_NOT_FOUND', `the token's user ${viewerId} does not exist`);
    return viewer;
  }
}
