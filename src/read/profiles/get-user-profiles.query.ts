import { Query } from '@nestjs/cqrs';
import type { UserProfile } from './user-profile.js';

/** A batch lookup (DataLoader's): the answer is aligned with `userIds`, null where unknown. */
export class GetUserProfilesQuery extends Query<Array<UserProfile | null>> {
  constructor(readonly userIds: readonly bigint[]) {
    super();
  }
}
