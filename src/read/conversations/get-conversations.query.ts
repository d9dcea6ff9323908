import { Query } from '@nestjs/cqrs';
import type { VersionedPage } from '../page.js';
import type { ViewFreshness } from '../view-state/view-freshness.js';
import type { ConversationFilter } from './conversation-filter.js';
import type { ConversationView } from './conversation-view.js';

export class GetConversationsQuery extends Query<VersionedPage<ConversationView>> {
  constructor(
    readonly viewerId: bigint,
    readonly first: number,
    readonly after?: string | null,
    readonly filter: ConversationFilter = {},
    readonly freshness: ViewFreshness = {},
  ) {
    super();
  }
}
