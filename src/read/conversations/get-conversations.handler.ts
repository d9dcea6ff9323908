import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toPage, validPageSize, type Page } from '../page.js';
import { conversationPosition } from './conversation-cursor.js';
import type { ConversationView } from './conversation-view.js';
import { ConversationViewRepository } from './conversation-view.repository.js';
import { GetConversationsQuery } from './get-conversations.query.js';

@QueryHandler(GetConversationsQuery)
export class GetConversationsHandler implements IQueryHandler<GetConversationsQuery> {
  constructor(private readonly views: ConversationViewRepository) {}

  async execute({ viewerId, first, after }: GetConversationsQuery): Promise<Page<ConversationView>> {
    const size = validPageSize(first);
    const position = after ? conversationPosition(after) : null;
    return toPage(await this.views.listPage(viewerId, size + 1, position), size);
  }
}
