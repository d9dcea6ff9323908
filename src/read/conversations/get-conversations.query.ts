import { Query } from '@nestjs/cqrs';
import type { Page } from '../page.js';
import type { ConversationView } from './conversation-view.js';

export class GetConversationsQuery extends Query<Page<ConversationView>> {
  constructor(
    readonly viewerId: bigint,
    readonly first: number,
    readonly after?: string | null,
  ) {
    super();
  }
}
