import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { ConversationView } from '../../read/conversations/conversation-view.js';
import { GetConversationQuery } from '../../read/conversations/get-conversation.query.js';
import { CreateGroupCommand } from '../../write/create-group/create-group.command.js';
import type { MutationCreateGroupArgs } from '../generated/graphql.js';
import { requireViewer, type GraphQLContext } from '../graphql-context.js';
import { idInput } from '../id-input.js';

@Resolver('Mutation')
export class GroupMutations {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Mutation()
  async createGroup(@Args() { input }: MutationCreateGroupArgs, @Context() context: GraphQLContext): Promise<ConversationView> {
    const viewerId = requireViewer(context);
    const memberIds = input.memberIds.map((id) => idInput(id, 'memberIds'));
    const { channelId } = await this.commandBus.execute(
      new CreateGroupCommand(viewerId, input.name, memberIds, input.avatarUrl, input.idempotencyKey),
    );
    return this.queryBus.execute(new GetConversationQuery(viewerId, channelId));
  }
}
