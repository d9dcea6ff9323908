import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ConversationView } from '../../read/conversations/conversation-view.js';
import type { ConversationMembersArgs, ResolversTypes } from '../generated/graphql.js';
import type { GraphQLContext } from '../graphql-context.js';
import { groupMembersKey } from '../request-loaders.js';

/** Fields of one conversation-list row; everything but peer/members is on the row itself. */
@Resolver('Conversation')
export class ConversationResolver {
  @ResolveField()
  id(@Parent() row: ConversationView): string {
    return row.channelId.toString();
  }

  @ResolveField()
  kind(@Parent() row: ConversationView): ResolversTypes['ConversationKind'] {
    return row.channelType;
  }

  @ResolveField()
  title(@Parent() row: ConversationView): string {
    if (row.channelType === 'GROUP') return row.groupName;
    return row.remark || row.peerNickname;
  }

  @ResolveField()
  avatarUrl(@Parent() row: ConversationView): string {
    return row.channelType === 'GROUP' ? row.groupAvatarUrl : row.peerAvatarUrl;
  }

  @ResolveField()
  peer(@Parent() row: ConversationView, @Context() context: GraphQLContext) {
    return row.channelType === 'DIRECT' ? context.loaders.profile.load(row.peerUserId) : null;
  }

  @ResolveField()
  async members(
    @Parent() row: ConversationView,
    @Args() { first }: ConversationMembersArgs,
    @Context() context: GraphQLContext,
  ) {
    if (row.channelType !== 'GROUP') return null;
    const ids = await context.loaders.groupMembers.load(groupMembersKey(first ?? 10, row.channelId));
    const profiles = await context.loaders.profile.loadMany(ids);
    return profiles.filter((profile) => profile && !(profile instanceof Error));
  }

  @ResolveField()
  closedAt(@Parent() row: ConversationView): bigint | null {
    return row.closedAt === 0n ? null : row.closedAt;
  }

  @ResolveField()
  peerIsContact(@Parent() row: ConversationView): boolean | null {
    return row.channelType === 'DIRECT' ? row.peerIsContact : null;
  }

  @ResolveField()
  lastMessage(@Parent() row: ConversationView): ConversationView | null {
    return row.lastMessageId === 0n ? null : row;
  }

  @ResolveField()
  pinnedAt(@Parent() row: ConversationView): bigint | null {
    return row.pinnedAt === 0n ? null : row.pinnedAt;
  }

  @ResolveField()
  draft(@Parent() row: ConversationView): { text: string; savedAt: bigint } | null {
    return row.draft === '' ? null : { text: row.draft, savedAt: row.draftTime };
  }

  @ResolveField()
  version(@Parent() row: ConversationView): string {
    return row.version.toString();
  }
}
