import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../errors/domain-error.js';
import { ReadYourWrites } from '../view-state/read-your-writes.js';
import type { ConversationView } from './conversation-view.js';
import { ConversationViewRepository } from './conversation-view.repository.js';
import { GetConversationQuery } from './get-conversation.query.js';

@QueryHandler(GetConversationQuery)
export class GetConversationHandler implements IQueryHandler<GetConversationQuery> {
  constructor(
    private readonly views: ConversationViewRepository,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ viewerId, channelId }: GetConversationQuery): Promise<ConversationView> {
    // A mutation's answer: what the mutation just wrote must show.
    await this.readYourWrites.waitFor(viewerId);
    const row = await this.views.findOne(viewerId, channelId);
    if (!row) throw new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${channelId} is not in your list`);
    return row;
  }
}
