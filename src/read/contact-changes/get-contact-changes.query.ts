import { Query } from '@nestjs/cqrs';
import type { ChangeFeedPage } from '../change-feed/change-feed.js';
import type { FeedPosition } from '../change-feed/feed-position.js';
import type { ContactView } from '../contacts/contact-view.js';

/** The viewer's contact rows changed after `after`, tombstones included, in version order. */
export class GetContactChangesQuery extends Query<ChangeFeedPage<ContactView>> {
  constructor(
    readonly viewerId: bigint,
    readonly after: FeedPosition,
    readonly first: number,
  ) {
    super();
  }
}
