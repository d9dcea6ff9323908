import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ConversationView } from '../../read/conversations/conversation-view.js';
import type { ConversationMembersArgs } from '../generated/graphql.js';
import type { GraphQLContext } from '../graphql-context.js';
import { groupMembersKey } from '../request-loaders.js';

/** The conversation fields that load through the request's DataLoaders; the rest: row-field.resolvers.ts. */
@Resolver('Conversation')
export class ConversationResolver {
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
}
