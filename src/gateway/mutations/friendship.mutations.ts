import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { ContactView } from '../../read/contacts/contact-view.js';
import { GetContactQuery } from '../../read/contacts/get-contact.query.js';
import type { ConversationView } from '../../read/conversations/conversation-view.js';
import { GetConversationQuery } from '../../read/conversations/get-conversation.query.js';
import { AcceptFriendRequestCommand } from '../../write/accept-friend-request/accept-friend-request.command.js';
import { BlockUserCommand } from '../../write/block-user/block-user.command.js';
import { CancelFriendRequestCommand } from '../../write/cancel-friend-request/cancel-friend-request.command.js';
import { DeclineFriendRequestCommand } from '../../write/decline-friend-request/decline-friend-request.command.js';
import type { FriendRequestRecord } from '../../write/friend-request-record.js';
import { RemoveFriendCommand } from '../../write/remove-friend/remove-friend.command.js';
import { SendFriendRequestCommand } from '../../write/send-friend-request/send-friend-request.command.js';
import { SetContactRemarkCommand } from '../../write/set-contact-remark/set-contact-remark.command.js';
import { StarContactCommand } from '../../write/star-contact/star-contact.command.js';
import { UnblockUserCommand } from '../../write/unblock-user/unblock-user.command.js';
import type {
  MutationAcceptFriendRequestArgs,
  MutationBlockUserArgs,
  MutationSendFriendRequestArgs,
  MutationSetContactRemarkArgs,
  ResolversTypes,
} from '../generated/graphql.js';
import { requireViewer, type GraphQLContext } from '../graphql-context.js';
import { idInput } from '../id-input.js';

@Resolver('Mutation')
export class FriendshipMutations {
  constructor(
    readonly commandBus: CommandBus,
    readonly queryBus: QueryBus,
  ) {}

  @Mutation()
  sendFriendRequest(@Args() { input }: MutationSendFriendRequestArgs, @Context() context: GraphQLContext): Promise<FriendRequestRecord> {
    const toUserId = idInput(input.toUserId, 'toUserId');
    return this.commandBus.execute(new SendFriendRequestCommand(requireViewer(context), toUserId, input.message, input.idempotencyKey));
  }

  @Mutation()
  async acceptFriendRequest(
    @Args() { input }: MutationAcceptFriendRequestArgs,
    @Context() context: GraphQLContext,
  ): Promise<ResolversTypes['AcceptFriendRequestPayload']> {
    const viewerId = requireViewer(context);
    const requestId = idInput(input.requestId, 'requestId');
    const accepted = await this.commandBus.execute(new AcceptFriendRequestCommand(viewerId, requestId, input.idempotencyKey));
    const conversation = await this.queryBus.execute(new GetConversationQuery(viewerId, accepted.channelId));
    return { request: accepted.request, conversation };
  }

  @Mutation()
  declineFriendRequest(@Args() { input }: MutationAcceptFriendRequestArgs, @Context() context: GraphQLContext): Promise<FriendRequestRecord> {
    const requestId = idInput(input.requestId, 'requestId');
    return this.commandBus.execute(new DeclineFriendRequestCommand(requireViewer(context), requestId, input.idempotencyKey));
  }

  @Mutation()
  cancelFriendRequest(@Args() { input }: MutationAcceptFriendRequestArgs, @Context() context: GraphQLContext): Promise<FriendRequestRecord> {
    const requestId = idInput(input.requestId, 'requestId');
    return this.commandBus.execute(new CancelFriendRequestCommand(requireViewer(context), requestId, input.idempotencyKey));
  }

  @Mutation()
  async removeFriend(@Args() { input }: MutationBlockUserArgs, @Context() context: GraphQLContext): Promise<ConversationView> {
    const viewerId = requireViewer(context);
    const friendId = idInput(input.userId, 'userId');
    const { channelId } = await this.commandBus.execute(new RemoveFriendCommand(viewerId, friendId, input.idempotencyKey));
    return this.queryBus.execute(new GetConversationQuery(viewerId, channelId));
  }

  @Mutation()
  async setContactRemark(@Args() { input }: MutationSetContactRemarkArgs, @Context() context: GraphQLContext): Promise<ContactView> {
    const viewerId = requireViewer(context);
    const friendId = idInput(input.friendId, 'friendId');
    await this.commandBus.execute(new SetContactRemarkCommand(viewerId, friendId, input.remark, input.idempotencyKey));
    return this.queryBus.execute(new GetContactQuery(viewerId, friendId));
  }

  @Mutation()
  starContact(@Args() { input }: MutationBlockUserArgs, @Context() context: GraphQLContext): Promise<ContactView> {
    return starred(this, input, context, true);
  }

  @Mutation()
  unstarContact(@Args() { input }: MutationBlockUserArgs, @Context() context: GraphQLContext): Promise<ContactView> {
    return starred(this, input, context, false);
  }

  @Mutation()
  async blockUser(@Args() { input }: MutationBlockUserArgs, @Context() context: GraphQLContext): Promise<ResolversTypes['BlockPayload']> {
    const userId = idInput(input.userId, 'userId');
    await this.commandBus.execute(new BlockUserCommand(requireViewer(context), userId, input.idempotencyKey));
    return { userId: userId.toString(), blocked: true };
  }

  @Mutation()
  async unblockUser(@Args() { input }: MutationBlockUserArgs, @Context() context: GraphQLContext): Promise<ResolversTypes['BlockPayload']> {
    const userId = idInput(input.userId, 'userId');
    await this.commandBus.execute(new UnblockUserCommand(requireViewer(context), userId, input.idempotencyKey));
    return { userId: userId.toString(), blocked: false };
  }
}

// A plain function, not a method: Nest would take every method of a resolver class for a field.
async function starred(
  buses: { commandBus: CommandBus; queryBus: QueryBus },
  input: { userId: string; idempotencyKey?: string | null },
  context: GraphQLContext,
  star: boolean,
): Promise<ContactView> {
  const viewerId = requireViewer(context);
  const friendId = idInput(input.userId, 'userId');
  await buses.commandBus.execute(new StarContactCommand(viewerId, friendId, star, input.idempotencyKey));
  return buses.queryBus.execute(new GetContactQuery(viewerId, friendId));
}
