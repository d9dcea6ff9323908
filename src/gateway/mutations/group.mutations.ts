import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { ConversationView } from '../../read/conversations/conversation-view.js';
import { GetConversationQuery } from '../../read/conversations/get-conversation.query.js';
import { CreateGroupCommand } from '../../write/create-group/create-group.command.js';
import { AddGroupMembersCommand } from '../../write/add-group-members/add-group-members.command.js';
import { DissolveGroupCommand } from '../../write/dissolve-group/dissolve-group.command.js';
import { LeaveGroupCommand } from '../../write/leave-group/leave-group.command.js';
import { RemoveGroupMemberCommand } from '../../write/remove-group-member/remove-group-member.command.js';
import { TransferGroupOwnershipCommand } from '../../write/transfer-group-ownership/transfer-group-ownership.command.js';
import { UpdateGroupProfileCommand } from '../../write/update-group-profile/update-group-profile.command.js';
import type { ViewerCommand } from '../../write/viewer-command.js';
import type {
  MutationAddGroupMembersArgs,
  MutationCreateGroupArgs,
  MutationDissolveGroupArgs,
  MutationLeaveGroupArgs,
  MutationRemoveGroupMemberArgs,
  MutationRenameGroupArgs,
  MutationSetGroupAvatarArgs,
  MutationTransferGroupOwnershipArgs,
} from '../generated/graphql.js';
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

  @Mutation()
  renameGroup(@Args() { input }: MutationRenameGroupArgs, @Context() context: GraphQLContext): Promise<ConversationView> {
    return runGroupCommand(this.commandBus, this.queryBus, context, (viewerId) =>
      new UpdateGroupProfileCommand(viewerId, conversationId(input), { name: input.name }, input.idempotencyKey));
  }

  @Mutation()
  setGroupAvatar(@Args() { input }: MutationSetGroupAvatarArgs, @Context() context: GraphQLContext): Promise<ConversationView> {
    return runGroupCommand(this.commandBus, this.queryBus, context, (viewerId) =>
      new UpdateGroupProfileCommand(viewerId, conversationId(input), { avatarUrl: input.avatarUrl }, input.idempotencyKey));
  }

  @Mutation()
  addGroupMembers(@Args() { input }: MutationAddGroupMembersArgs, @Context() context: GraphQLContext): Promise<ConversationView> {
    return runGroupCommand(this.commandBus, this.queryBus, context, (viewerId) => {
      const memberIds = input.memberIds.map((id) => idInput(id, 'memberIds'));
      return new AddGroupMembersCommand(viewerId, conversationId(input), memberIds, input.idempotencyKey);
    });
  }

  @Mutation()
  removeGroupMember(@Args() { input }: MutationRemoveGroupMemberArgs, @Context() context: GraphQLContext): Promise<ConversationView> {
    return runGroupCommand(this.commandBus, this.queryBus, context, (viewerId) =>
      new RemoveGroupMemberCommand(viewerId, conversationId(input), idInput(input.memberId, 'memberId'), input.idempotencyKey));
  }

  @Mutation()
  leaveGroup(@Args() { input }: MutationLeaveGroupArgs, @Context() context: GraphQLContext): Promise<ConversationView> {
    return runGroupCommand(this.commandBus, this.queryBus, context, (viewerId) =>
      new LeaveGroupCommand(viewerId, conversationId(input), input.idempotencyKey));
  }

  @Mutation()
  transferGroupOwnership(
    @Args() { input }: MutationTransferGroupOwnershipArgs,
    @Context() context: GraphQLContext,
  ): Promise<ConversationView> {
    return runGroupCommand(this.commandBus, this.queryBus, context, (viewerId) =>
      new TransferGroupOwnershipCommand(viewerId, conversationId(input), idInput(input.memberId, 'memberId'), input.idempotencyKey));
  }

  @Mutation()
  dissolveGroup(@Args() { input }: MutationDissolveGroupArgs, @Context() context: GraphQLContext): Promise<ConversationView> {
    return runGroupCommand(this.commandBus, this.queryBus, context, (viewerId) =>
      new DissolveGroupCommand(viewerId, conversationId(input), input.idempotencyKey));
  }
}

function conversationId(input: { conversationId: string }): bigint {
  return idInput(input.conversationId, 'conversationId');
}

/**
 * Runs a group command as the viewer, then reads the viewer's own row of the group. (Not a
 * method: schema-first resolvers register every method of the class as a field.)
 */
async function runGroupCommand(
  commandBus: CommandBus,
  queryBus: QueryBus,
  context: GraphQLContext,
  command: (viewerId: bigint) => ViewerCommand<{ channelId: bigint }>,
): Promise<ConversationView> {
  const viewerId = requireViewer(context);
  const { channelId } = await commandBus.execute(command(viewerId));
  return queryBus.execute(new GetConversationQuery(viewerId, channelId));
}
