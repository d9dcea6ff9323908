import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { GetConversationQuery } from '../../read/conversations/get-conversation.query.js';
import { AcceptFriendRequestCommand } from '../../write/accept-friend-request/accept-friend-request.command.js';
import type { FriendRequestRecord } from '../../write/friend-request-record.js';
import { SendFriendRequestCommand } from '../../write/send-friend-request/send-friend-request.command.js';
import type { MutationAcceptFriendRequestArgs, MutationSendFriendRequestArgs, ResolversTypes } from '../generated/graphql.js';
import { requireViewer, type GraphQLContext } from '../graphql-context.js';
import { idInput } from '../id-input.js';

@Resolver('Mutation')
export class FriendshipMutations {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Mutation()
  sendFriendRequest(
    @Args() { input }: MutationSendFriendRequestArgs,
    @Context() context: GraphQLContext,
  ): Promise<FriendRequestRecord> {
    const viewerId = requireViewer(context);
    return this.commandBus.execute(new SendFriendRequestCommand(viewerId, idInput(input.toUserId, 'toUserId'), input.message, input.idempotencyKey));
  }

  @Mutation()
  async acceptFriendRequest(
    @Args() { input }: MutationAcceptFriendRequestArgs,
    @Context() context: GraphQLContext,
  ): Promise<ResolversTypes['AcceptFriendRequestPayload']> {
    const viewerId = requireViewer(context);
    const accepted = await this.commandBus.execute(
      new AcceptFriendRequestCommand(viewerId, idInput(input.requestId, 'requestId'), input.idempotencyKey),
    );
    const conversation = await this.queryBus.execute(new GetConversationQuery(viewerId, accepted.channelId));
    return { request: accepted.request, conversation };
  }
}
