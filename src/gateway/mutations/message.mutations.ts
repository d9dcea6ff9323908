import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { SendMessageCommand, type SentMessage } from '../../write/send-message/send-message.command.js';
import type { MutationSendMessageArgs } from '../generated/graphql.js';
import { requireViewer, type GraphQLContext } from '../graphql-context.js';
import { idInput } from '../id-input.js';

@Resolver('Mutation')
export class MessageMutations {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation()
  sendMessage(@Args() { input }: MutationSendMessageArgs, @Context() context: GraphQLContext): Promise<SentMessage> {
    const viewerId = requireViewer(context);
    return this.commandBus.execute(
      new SendMessageCommand(viewerId, idInput(input.conversationId, 'conversationId'), input.body, input.idempotencyKey),
    );
  }
}
