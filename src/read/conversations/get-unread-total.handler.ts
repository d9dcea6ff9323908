import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ConversationViewRepository } from './conversation-view.repository.js';
import { GetUnreadTotalQuery } from './get-unread-total.query.js';

@QueryHandler(GetUnreadTotalQuery)
export class GetUnreadTotalHandler implements IQueryHandler<GetUnreadTotalQuery> {
  constructor(private readonly views: ConversationViewRepository) {}

  execute({ viewerId }: GetUnreadTotalQuery): Promise<number> {
    return this.views.unreadTotal(viewerId);
  }
}
