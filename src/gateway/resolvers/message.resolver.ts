import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { SentMessage } from '../../write/send-message/send-message.command.js';
import type { GraphQLContext } from '../graphql-context.js';

@Resolver('Message')
export class MessageResolver {
  @ResolveField()
  id(@Parent() message: SentMessage): string {
    return message.id.toString();
  }

  @ResolveField()
  conversationId(@Parent() message: SentMessage): string {
    return message.channelId.toString();
  }

  @ResolveField()
  sender(@Parent() message: SentMessage, @Context() context: GraphQLContext) {
    return context.loaders.profile.load(message.senderId);
  }
}
