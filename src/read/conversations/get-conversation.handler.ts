import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../errors/domain-error.js';
import type { ConversationView } from './conversation-view.js';
import { ConversationViewRepository } from './conversation-view.repository.js';
import { GetConversationQuery } from './get-conversation.query.js';

@QueryHandler(GetConversationQuery)
export class GetConversationHandler implements IQueryHandler<GetConversationQuery> {
  constructor(private readonly views: ConversationViewRepository) {}

  async execute({ viewerId, channelId }: GetConversationQuery): Promise<ConversationView> {
    const row = await this.views.findOne(viewerId, channelId);
    if (!row) throw new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${channelId} is not in your list`);
    return row;
  }
}
