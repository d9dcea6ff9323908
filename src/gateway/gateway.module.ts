import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule, QueryBus } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { GATEWAY_CONFIG } from '../config/config.tokens.js';
import { GatewayMetrics } from '../observability/metrics.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ViewerTokens } from '../identity/viewer-tokens.js';
import { apolloOptions } from './apollo-options.js';
import { ClientEdgeModule } from './client-edge.module.js';
import { ClientEdgeRedis } from './client-edge-redis.js';
import { DateTimeScalar } from './date-time.scalar.js';
import { DomainErrorFilter } from './domain-error.filter.js';
import { ConversationSettingsMutations } from './mutations/conversation-settings.mutations.js';
import { FriendshipMutations } from './mutations/friendship.mutations.js';
import { GroupMutations } from './mutations/group.mutations.js';
import { MessageMutations } from './mutations/message.mutations.js';
import { ProfileMutations } from './mutations/profile.mutations.js';
import { ConversationResolver } from './resolvers/conversation.resolver.js';
import { FriendRequestResolver } from './resolvers/friend-request.resolver.js';
import { LastMessageResolver } from './resolvers/last-message.resolver.js';
import { MessageResolver } from './resolvers/message.resolver.js';
import { QueryResolver } from './resolvers/query.resolver.js';
import { ChangeFeedResolver } from './resolvers/change-feed.resolver.js';
import { LiveUpdatesResolver } from './resolvers/live-updates.resolver.js';
import { LiveModule } from '../live/live.module.js';

const resolvers = [
  QueryResolver,
  ConversationResolver,
  LastMessageResolver,
  FriendRequestResolver,
  MessageResolver,
  ProfileMutations,
  FriendshipMutations,
  ConversationSettingsMutations,
  MessageMutations,
  GroupMutations,
  DateTimeScalar,
  ChangeFeedResolver,
  LiveUpdatesResolver,
];

@Module({
  imports: [
    CqrsModule,
    LiveModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [IdentityModule, ClientEdgeModule],
      inject: [GATEWAY_CONFIG, ViewerTokens, QueryBus, ClientEdgeRedis, GatewayMetrics],
      useFactory: apolloOptions,
    }),
  ],
  providers: [...resolvers, { provide: APP_FILTER, useClass: DomainErrorFilter }],
})
export class GatewayModule {}
