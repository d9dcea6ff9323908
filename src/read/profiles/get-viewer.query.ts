import { Query } from '@nestjs/cqrs';
import type { UserProfile } from './user-profile.js';

export class GetViewerQuery extends Query<UserProfile> {
  constructor(readonly viewerId: bigint) {
    super();
  }
}
