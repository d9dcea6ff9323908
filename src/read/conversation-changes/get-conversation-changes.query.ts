import { Query } from '@nestjs/cqrs';
import type { ChangeFeedPage } from '../change-feed/change-feed.js';
import type { FeedPosition } from '../change-feed/feed-position.js';
import type { ConversationView } from '../conversations/conversation-view.js';

/** The viewer's conversation rows changed after `after`, tombstones included, in version order. */
export class GetConversationChangesQuery extends Query<ChangeFeedPage<ConversationView>> {
  constructor(
    readonly viewerId: bigint,
    readonly after: FeedPosition,
    readonly first: number,
  ) {
    super();
  }
}
