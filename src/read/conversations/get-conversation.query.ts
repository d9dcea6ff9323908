import { Query } from '@nestjs/cqrs';
import type { ConversationView } from './conversation-view.js';

/** One row of the viewer's own list (e.g. the conversation a mutation just created). */
export class GetConversationQuery extends Query<ConversationView> {
  constructor(
    readonly viewerId: bigint,
    readonly channelId: bigint,
  ) {
    super();
  }
}
