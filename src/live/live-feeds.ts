import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Counter } from 'prom-client';
import { GATEWAY_CONFIG } from '../config/config.tokens.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { GatewayMetrics } from '../observability/metrics.js';
import type { ChangeFeedPage, ViewChange } from '../read/change-feed/change-feed.js';
import type { FeedPosition } from '../read/change-feed/feed-position.js';
import { GetViewClockQuery } from '../read/change-feed/get-view-clock.query.js';
import { GetContactChangesQuery } from '../read/contact-changes/get-contact-changes.query.js';
import type { ContactView } from '../read/contacts/contact-view.js';
import { GetConversationChangesQuery } from '../read/conversation-changes/get-conversation-changes.query.js';
import type { ConversationView } from '../read/conversations/conversation-view.js';
import { LiveSubscription, type LiveSocket } from './live-subscription.js';
import { ViewChangeBroker } from './view-change-broker.js';

const PAGE = 100;

/**
 * This instance's live subscriptions, by viewer. When the broker says a viewer's views changed,
 * each of that viewer's subscriptions reads its own feed onward: a viewer only ever receives
 * rows of their own views, because only their own feed is ever read for them.
 */
@Injectable()
export class LiveFeeds implements OnModuleInit {
  private readonly logger = new Logger(LiveFeeds.name);
  private readonly byViewer = new Map<bigint, Set<LiveSubscription<unknown, unknown>>>();
  /** How many clients were disconnected to catch up with the change feed, and why. */
  readonly closedForCatchUp: Counter<'reason'>;

  constructor(
    private readonly broker: ViewChangeBroker,
    private readonly queryBus: QueryBus,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly metrics: GatewayMetrics,
  ) {
    this.closedForCatchUp = new Counter({
      name: 'hermet_live_subscribers_closed_total',
      help: 'Live clients disconnected to catch up with the change feed (slow: too much unsent; resync: rebuilt views)',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
  }

  onModuleInit(): void {
    this.broker.listen((ownerIds) => {
      for (const owner of ownerIds) for (const subscription of this.byViewer.get(owner) ?? []) this.catchUp(subscription);
    });
  }

  conversations<P>(viewerId: bigint, since: FeedPosition | null, socket: LiveSocket, payload: (change: ViewChange<ConversationView>) => P) {
    return this.subscribe(viewerId, since, socket, payload, (after) => this.queryBus.execute(new GetConversationChangesQuery(viewerId, after, PAGE)));
  }

  contacts<P>(viewerId: bigint, since: FeedPosition | null, socket: LiveSocket, payload: (change: ViewChange<ContactView>) => P) {
    return this.subscribe(viewerId, since, socket, payload, (after) => this.queryBus.execute(new GetContactChangesQuery(viewerId, after, PAGE)));
  }

  /** A feed from `since` (its rest is read at once), else from the viewer's current version. */
  private async subscribe<T, P>(
    viewerId: bigint,
    since: FeedPosition | null,
    socket: LiveSocket,
    payload: (change: ViewChange<T>) => P,
    read: (after: FeedPosition) => Promise<ChangeFeedPage<T>>,
  ): Promise<LiveSubscription<T, P>> {
    const start = since ?? { version: await this.queryBus.execute(new GetViewClockQuery(viewerId)), key: null };
    const subscriptions = this.byViewer.get(viewerId) ?? new Set();
    this.byViewer.set(viewerId, subscriptions);
    const subscription: LiveSubscription<T, P> = new LiveSubscription({
      start,
      read,
      payload,
      socket,
      limits: this.config.live,
      onEnd: () => {
        subscriptions.delete(subscription as LiveSubscription<unknown, unknown>);
        if (subscriptions.size === 0 && this.byViewer.get(viewerId) === subscriptions) this.byViewer.delete(viewerId);
      },
      onClosedForCatchUp: (reason) => this.closedForCatchUp.inc({ reason }),
      onBufferedSeen: (bytes) => this.metrics.liveSendBuffer.observe(bytes),
    });
    subscriptions.add(subscription as LiveSubscription<unknown, unknown>);
    if (since) this.catchUp(subscription as LiveSubscription<unknown, unknown>);
    return subscription;
  }

  private catchUp(subscription: LiveSubscription<unknown, unknown>): void {
    // A failed read keeps the subscription where it was: the next change of the viewer retries.
    subscription.catchUp().catch((error: unknown) => this.logger.warn(`live feed read failed: ${String(error)}`));
  }
}
