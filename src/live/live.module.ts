import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GATEWAY_CONFIG } from '../config/config.tokens.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { ChangedViewOwners } from './changed-view-owners.js';
import { LiveFeeds } from './live-feeds.js';
import { InProcessViewChangeBroker, NatsViewChangeBroker, ViewChangeBroker } from './view-change-broker.js';
import { ViewChangeAnnouncer } from './view-change-announcer.js';

/** Live updates: domain events → broker (NATS, or in process) → each instance's subscribers. */
@Module({
  imports: [CqrsModule],
  providers: [
    {
      provide: ViewChangeBroker,
      inject: [GATEWAY_CONFIG],
      useFactory: ({ live }: GatewayConfig) =>
        live.natsUrl ? NatsViewChangeBroker.connect(live.natsUrl, live.natsSubject) : new InProcessViewChangeBroker(),
    },
    ChangedViewOwners,
    ViewChangeAnnouncer,
    LiveFeeds,
  ],
  exports: [LiveFeeds, ViewChangeBroker],
})
export class LiveModule {}
