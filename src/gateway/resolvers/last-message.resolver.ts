import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ConversationView } from '../../read/conversations/conversation-view.js';
import type { GraphQLContext } from '../graphql-context.js';

/** The last message as the conversation row denormalizes it; its plain fields: row-field.resolvers.ts. */
@Resolver('LastMessage')
export class LastMessageResolver {
  @ResolveField()
  sender(@Parent() row: ConversationView, @Context() context: GraphQLContext) {
    return context.loaders.profile.load(row.lastMessageSenderId);
  }
}
