import { QueryBus } from '@nestjs/cqrs';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import type { ChangeFeedPage, ViewChange } from '../../read/change-feed/change-feed.js';
import { feedPosition, feedPositionText } from '../../read/change-feed/feed-position.js';
import { GetContactChangesQuery } from '../../read/contact-changes/get-contact-changes.query.js';
import type { ContactView } from '../../read/contacts/contact-view.js';
import { GetConversationChangesQuery } from '../../read/conversation-changes/get-conversation-changes.query.js';
import type { ConversationView } from '../../read/conversations/conversation-view.js';
import type {
  QueryContactChangesArgs,
  QueryConversationChangesArgs,
  ResolversTypes,
} from '../generated/graphql.js';
import { requireViewer, type GraphQLContext } from '../graphql-context.js';

/** Incremental sync: the viewer's change feeds. */
@Resolver('Query')
export class ChangeFeedResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query()
  async conversationChanges(
    @Args() { sinceVersion, first }: QueryConversationChangesArgs,
    @Context() context: GraphQLContext,
  ): Promise<ResolversTypes['ConversationChangeFeed']> {
    const query = new GetConversationChangesQuery(requireViewer(context), feedPosition(sinceVersion), first ?? 100);
    return feed(await this.queryBus.execute(query), conversationChange);
  }

  @Query()
  async contactChanges(
    @Args() { sinceVersion, first }: QueryContactChangesArgs,
    @Context() context: GraphQLContext,
  ): Promise<ResolversTypes['ContactChangeFeed']> {
    const query = new GetContactChangesQuery(requireViewer(context), feedPosition(sinceVersion), first ?? 100);
    return feed(await this.queryBus.execute(query), contactChange);
  }
}

function feed<T, C>(page: ChangeFeedPage<T>, change: (change: ViewChange<T>) => C) {
  return {
    changes: page.changes.map(change),
    highWaterMark: feedPositionText(page.highWaterMark),
    hasMore: page.hasMore,
    fullResyncRequired: page.fullResyncRequired,
  };
}

/** What both the feed and the subscription deliver for one changed conversation row. */
export function conversationChange({ row, inList }: ViewChange<ConversationView>): ResolversTypes['ConversationChange'] {
  return { version: row.version.toString(), inList, conversation: row };
}

export function contactChange({ row, inList }: ViewChange<ContactView>): ResolversTypes['ContactChange'] {
  return { version: row.version.toString(), inList, contact: row };
}
