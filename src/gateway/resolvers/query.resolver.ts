import { QueryBus } from '@nestjs/cqrs';
import { Args, Context, Info, Query, Resolver } from '@nestjs/graphql';
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { contactCursor } from '../../read/contacts/contact-cursor.js';
import { GetContactSectionsQuery } from '../../read/contacts/get-contact-sections.query.js';
import { GetContactsQuery } from '../../read/contacts/get-contacts.query.js';
import { CountPendingFriendRequestsQuery } from '../../read/friend-requests/count-pending-friend-requests.query.js';
import { GetPendingFriendRequestsQuery } from '../../read/friend-requests/get-pending-friend-requests.query.js';
import { encodeCursor } from '../../read/page.js';
import { conversationCursor } from '../../read/conversations/conversation-cursor.js';
import { CountConversationsQuery } from '../../read/conversations/count-conversations.query.js';
import { GetConversationsQuery } from '../../read/conversations/get-conversations.query.js';
import { GetUnreadTotalQuery } from '../../read/conversations/get-unread-total.query.js';
import { GetViewerQuery } from '../../read/profiles/get-viewer.query.js';
import type { Page } from '../../read/page.js';
import type {
  QueryContactsArgs,
  QueryConversationsArgs,
  QueryPendingFriendRequestsArgs,
  ResolversTypes,
} from '../generated/graphql.js';
import { requireViewer, type GraphQLContext } from '../graphql-context.js';
import { minVersionInput, versionInput } from '../id-input.js';

@Resolver('Query')
export class QueryResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query()
  viewer(@Context() context: GraphQLContext): Promise<ResolversTypes['User']> {
    return this.queryBus.execute(new GetViewerQuery(requireViewer(context)));
  }

  @Query()
  async conversations(
    @Args() { first, after, filter, ifChangedSince, minVersion }: QueryConversationsArgs,
    @Context() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ResolversTypes['ConversationConnection']> {
    const viewerId = requireViewer(context);
    const freshness = freshnessInput(ifChangedSince, minVersion, info);
    const page = await this.queryBus.execute(new GetConversationsQuery(viewerId, first ?? 20, after, filter ?? {}, freshness));
    return {
      ...connection(page, conversationCursor),
      version: page.version?.toString(),
      notModified: page.notModified,
      // Functions: graphql-js calls them only when a client selects the field.
      totalCount: () => this.queryBus.execute(new CountConversationsQuery(viewerId, filter ?? {})),
      unreadTotal: () => this.queryBus.execute(new GetUnreadTotalQuery(viewerId)),
    } as unknown as ResolversTypes['ConversationConnection'];
  }

  @Query()
  async contacts(
    @Args() { first, after, starred, search, ifChangedSince, minVersion }: QueryContactsArgs,
    @Context() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ResolversTypes['ContactConnection']> {
    const viewerId = requireViewer(context);
    const filter = { starred, search };
    const freshness = freshnessInput(ifChangedSince, minVersion, info);
    const page = await this.queryBus.execute(new GetContactsQuery(viewerId, first ?? 50, after, filter, freshness));
    const sections = once(() => this.queryBus.execute(new GetContactSectionsQuery(viewerId, filter)));
    return {
      ...connection(page, contactCursor),
      version: page.version?.toString(),
      notModified: page.notModified,
      // Functions: graphql-js calls them only when a client selects the field.
      sections,
      totalCount: async () => (await sections()).reduce((sum, section) => sum + section.count, 0),
    } as unknown as ResolversTypes['ContactConnection'];
  }

  @Query()
  async pendingFriendRequests(
    @Args() { direction, first, after }: QueryPendingFriendRequestsArgs,
    @Context() context: GraphQLContext,
  ): Promise<ResolversTypes['FriendRequestConnection']> {
    const viewerId = requireViewer(context);
    const page = await this.queryBus.execute(new GetPendingFriendRequestsQuery(viewerId, direction, first ?? 20, after));
    return {
      ...connection(page, (request) => encodeCursor([request.id.toString()])),
      totalCount: () => this.queryBus.execute(new CountPendingFriendRequestsQuery(viewerId, direction)),
    } as unknown as ResolversTypes['FriendRequestConnection'];
  }
}

function freshnessInput(ifChangedSince: string | null | undefined, minVersion: string | null | undefined, info: GraphQLResolveInfo) {
  return {
    ifChangedSince: versionInput(ifChangedSince, 'ifChangedSince'),
    ...minVersionInput(minVersion),
    wantsVersion: selects(info, info.fieldNodes[0]?.selectionSet, ['version', 'notModified']),
  };
}

/** Whether the selection (fragments included) asks for one of `names` on the connection. */
function selects(info: GraphQLResolveInfo, selectionSet: SelectionSetNode | undefined, names: readonly string[]): boolean {
  return (selectionSet?.selections ?? []).some((selection) => {
    if (selection.kind === Kind.FIELD) return names.includes(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return selects(info, selection.selectionSet, names);
    return selects(info, info.fragments[selection.name.value]?.selectionSet, names);
  });
}

/** A lazily started, shared answer (sections and totalCount come from one query). */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | undefined;
  return () => (answer ??= load());
}

/** A Relay connection of one page. */
function connection<T>(page: Page<T>, cursorOf: (item: T) => string) {
  const edges = page.items.map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
