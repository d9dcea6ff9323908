import { Query } from '@nestjs/cqrs';
import type { ConversationFilter } from './conversation-filter.js';

/** How many conversations the viewer's filtered list holds. */
export class CountConversationsQuery extends Query<number> {
  constructor(
    readonly viewerId: bigint,
    readonly filter: ConversationFilter = {},
  ) {
    super();
  }
}
