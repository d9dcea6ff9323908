import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { ConversationView } from '../../read/conversations/conversation-view.js';
import { GetConversationQuery } from '../../read/conversations/get-conversation.query.js';
import {
  ChangeConversationSettingCommand,
  type ConversationSettingChange,
} from '../../write/change-conversation-setting/change-conversation-setting.command.js';
import { MarkConversationReadCommand } from '../../write/mark-conversation-read/mark-conversation-read.command.js';
import type { ViewerCommand } from '../../write/viewer-command.js';
import { SaveDraftCommand } from '../../write/save-draft/save-draft.command.js';
import type { ConversationInput, MutationPinConversationArgs, MutationSaveDraftArgs } from '../generated/graphql.js';
import { requireViewer, type GraphQLContext } from '../graphql-context.js';
import { idInput } from '../id-input.js';

/** Mutations that change only the viewer's own row; each answers that row as it is now. */
@Resolver('Mutation')
export class ConversationSettingsMutations {
  constructor(
    readonly commandBus: CommandBus,
    readonly queryBus: QueryBus,
  ) {}

  @Mutation()
  pinConversation(@Args() { input }: MutationPinConversationArgs, @Context() context: GraphQLContext) {
    return runOnOwnRow(this, input, context, settingChange('PIN', input));
  }

  @Mutation()
  unpinConversation(@Args() { input }: MutationPinConversationArgs, @Context() context: GraphQLContext) {
    return runOnOwnRow(this, input, context, settingChange('UNPIN', input));
  }

  @Mutation()
  muteConversation(@Args() { input }: MutationPinConversationArgs, @Context() context: GraphQLContext) {
    return runOnOwnRow(this, input, context, settingChange('MUTE', input));
  }

  @Mutation()
  unmuteConversation(@Args() { input }: MutationPinConversationArgs, @Context() context: GraphQLContext) {
    return runOnOwnRow(this, input, context, settingChange('UNMUTE', input));
  }

  @Mutation()
  hideConversation(@Args() { input }: MutationPinConversationArgs, @Context() context: GraphQLContext) {
    return runOnOwnRow(this, input, context, settingChange('HIDE', input));
  }

  @Mutation()
  closeConversation(@Args() { input }: MutationPinConversationArgs, @Context() context: GraphQLContext) {
    return runOnOwnRow(this, input, context, settingChange('CLOSE', input));
  }

  @Mutation()
  reopenConversation(@Args() { input }: MutationPinConversationArgs, @Context() context: GraphQLContext) {
    return runOnOwnRow(this, input, context, settingChange('REOPEN', input));
  }

  @Mutation()
  markConversationUnread(@Args() { input }: MutationPinConversationArgs, @Context() context: GraphQLContext) {
    return runOnOwnRow(this, input, context, settingChange('MARK_UNREAD', input));
  }

  @Mutation()
  archiveConversation(@Args() { input }: MutationPinConversationArgs, @Context() context: GraphQLContext) {
    return runOnOwnRow(this, input, context, settingChange('ARCHIVE', input));
  }

  @Mutation()
  unarchiveConversation(@Args() { input }: MutationPinConversationArgs, @Context() context: GraphQLContext) {
    return runOnOwnRow(this, input, context, settingChange('UNARCHIVE', input));
  }

  @Mutation()
  saveDraft(@Args() { input }: MutationSaveDraftArgs, @Context() context: GraphQLContext) {
    return runOnOwnRow(this, input, context, (viewerId, channelId) => new SaveDraftCommand(viewerId, channelId, input.text, input.idempotencyKey));
  }

  @Mutation()
  markConversationRead(@Args() { input }: MutationPinConversationArgs, @Context() context: GraphQLContext) {
    return runOnOwnRow(this, input, context, (viewerId, channelId) => new MarkConversationReadCommand(viewerId, channelId, input.idempotencyKey));
  }
}

type CommandFor = (viewerId: bigint, channelId: bigint) => ViewerCommand<void>;

// Plain functions, not methods: Nest would take every method of a resolver class for a field.
function settingChange(change: ConversationSettingChange, input: ConversationInput): CommandFor {
  return (viewerId, channelId) => new ChangeConversationSettingCommand(viewerId, channelId, change, input.idempotencyKey);
}

async function runOnOwnRow(
  buses: { commandBus: CommandBus; queryBus: QueryBus },
  input: Pick<ConversationInput, 'conversationId'>,
  context: GraphQLContext,
  command: CommandFor,
): Promise<ConversationView> {
  const viewerId = requireViewer(context);
  const channelId = idInput(input.conversationId, 'conversationId');
  await buses.commandBus.execute(command(viewerId, channelId));
  return buses.queryBus.execute(new GetConversationQuery(viewerId, channelId));
}
