import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { validConversationFilter } from './conversation-filter.js';
import { ConversationViewRepository } from './conversation-view.repository.js';
import { CountConversationsQuery } from './count-conversations.query.js';

@QueryHandler(CountConversationsQuery)
export class CountConversationsHandler implements IQueryHandler<CountConversationsQuery> {
  constructor(private readonly views: ConversationViewRepository) {}

  execute({ viewerId, filter }: CountConversationsQuery): Promise<number> {
    return this.views.count(viewerId, validConversationFilter(filter));
  }
}
