import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import { LiveFeeds } from '../../live/live-feeds.js';
import { feedPosition } from '../../read/change-feed/feed-position.js';
import type { SubscriptionContactUpdatedArgs, SubscriptionConversationUpdatedArgs } from '../generated/graphql.js';
import { requireViewer } from '../graphql-context.js';
import type { LiveContext } from '../live-connections/live-connections.js';
import type { RequestLoaders } from '../request-loaders.js';
import { contactChange, conversationChange } from './change-feed.resolver.js';

/** Live updates: the viewer's own changed rows, as they change. */
@Resolver('Subscription')
export class LiveUpdatesResolver {
  constructor(private readonly live: LiveFeeds) {}

  @Subscription()
  conversationUpdated(@Args() { sinceVersion }: SubscriptionConversationUpdatedArgs, @Context() context: LiveContext) {
    const since = sinceVersion ? feedPosition(sinceVersion) : null;
    return this.live.conversations(requireViewer(context), since, context.socket, (change) => {
      forgetLoadedProfiles(context.loaders);
      return { conversationUpdated: conversationChange(change) };
    });
  }

  @Subscription()
  contactUpdated(@Args() { sinceVersion }: SubscriptionContactUpdatedArgs, @Context() context: LiveContext) {
    const since = sinceVersion ? feedPosition(sinceVersion) : null;
    return this.live.contacts(requireViewer(context), since, context.socket, (change) => {
      forgetLoadedProfiles(context.loaders);
      return { contactUpdated: contactChange(change) };
    });
  }
}

/** A subscription's context outlives one update: each update must see current profiles. */
function forgetLoadedProfiles(loaders: RequestLoaders): void {
  loaders.profile.clearAll();
  loaders.groupMembers.clearAll();
}
