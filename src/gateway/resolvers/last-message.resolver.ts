import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ConversationView } from '../../read/conversations/conversation-view.js';
import type { GraphQLContext } from '../graphql-context.js';

/** The last message as the conversation row denormalizes it. */
@Resolver('LastMessage')
export class LastMessageResolver {
  @ResolveField()
  id(@Parent() row: ConversationView): string {
    return row.lastMessageId.toString();
  }

  @ResolveField()
  preview(@Parent() row: ConversationView): string {
    return row.lastMessagePreview;
  }

  @ResolveField()
  sender(@Parent() row: ConversationView, @Context() context: GraphQLContext) {
    return context.loaders.profile.load(row.lastMessageSenderId);
  }

  @ResolveField()
  sentAt(@Parent() row: ConversationView): bigint {
    return row.lastMessageTime;
  }
}
