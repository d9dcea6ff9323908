import { QueryBus } from '@nestjs/cqrs';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { contactCursor } from '../../read/contacts/contact-cursor.js';
import { GetContactsQuery } from '../../read/contacts/get-contacts.query.js';
import { conversationCursor } from '../../read/conversations/conversation-cursor.js';
import { GetConversationsQuery } from '../../read/conversations/get-conversations.query.js';
import { GetViewerQuery } from '../../read/profiles/get-viewer.query.js';
import type { Page } from '../../read/page.js';
import type { QueryContactsArgs, QueryConversationsArgs, ResolversTypes } from '../generated/graphql.js';
import { requireViewer, type GraphQLContext } from '../graphql-context.js';

@Resolver('Query')
export class QueryResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query()
  viewer(@Context() context: GraphQLContext): Promise<ResolversTypes['User']> {
    return this.queryBus.execute(new GetViewerQuery(requireViewer(context)));
  }

  @Query()
  async conversations(
    @Args() { first, after }: QueryConversationsArgs,
    @Context() context: GraphQLContext,
  ): Promise<ResolversTypes['ConversationConnection']> {
    const page = await this.queryBus.execute(new GetConversationsQuery(requireViewer(context), first ?? 20, after));
    return connection(page, conversationCursor);
  }

  @Query()
  async contacts(
    @Args() { first, after }: QueryContactsArgs,
    @Context() context: GraphQLContext,
  ): Promise<ResolversTypes['ContactConnection']> {
    const page = await this.queryBus.execute(new GetContactsQuery(requireViewer(context), first ?? 50, after));
    return connection(page, contactCursor);
  }
}

/** A Relay connection of one page. */
function connection<T>(page: Page<T>, cursorOf: (item: T) => string) {
  const edges = page.items.map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
