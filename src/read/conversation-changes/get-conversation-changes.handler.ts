import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { validChangePageSize, type ChangeFeedPage } from '../change-feed/change-feed.js';
import type { ConversationView } from '../conversations/conversation-view.js';
import { ConversationChangesRepository } from './conversation-changes.repository.js';
import { GetConversationChangesQuery } from './get-conversation-changes.query.js';

@QueryHandler(GetConversationChangesQuery)
export class GetConversationChangesHandler implements IQueryHandler<GetConversationChangesQuery> {
  constructor(private readonly changes: ConversationChangesRepository) {}

  execute({ viewerId, after, first }: GetConversationChangesQuery): Promise<ChangeFeedPage<ConversationView>> {
    return this.changes.page(viewerId, after, validChangePageSize(first));
  }
}
