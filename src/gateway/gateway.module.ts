import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule, QueryBus } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import type { IncomingMessage } from 'node:http';
import { GATEWAY_CONFIG } from '../config/config.tokens.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { projectPath } from '../config/project-paths.js';
import { DomainError } from '../errors/domain-error.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ViewerTokens } from '../identity/viewer-tokens.js';
import { DateTimeScalar } from './date-time.scalar.js';
import type { GraphQLContext } from './graphql-context.js';
import { DomainErrorFilter } from './domain-error.filter.js';
import { formatGraphQLError } from './graphql-errors.js';
import { ConversationSettingsMutations } from './mutations/conversation-settings.mutations.js';
import { FriendshipMutations } from './mutations/friendship.mutations.js';
import { GroupMutations } from './mutations/group.mutations.js';
import { MessageMutations } from './mutations/message.mutations.js';
import { ProfileMutations } from './mutations/profile.mutations.js';
import { createRequestLoaders } from './request-loaders.js';
import { ContactResolver } from './resolvers/contact.resolver.js';
import { ConversationResolver } from './resolvers/conversation.resolver.js';
import { FriendRequestResolver } from './resolvers/friend-request.resolver.js';
import { LastMessageResolver } from './resolvers/last-message.resolver.js';
import { MessageResolver } from './resolvers/message.resolver.js';
import { QueryResolver } from './resolvers/query.resolver.js';
import { UserResolver } from './resolvers/user.resolver.js';

const resolvers = [
  QueryResolver,
  ConversationResolver,
  LastMessageResolver,
  ContactResolver,
  UserResolver,
  FriendRequestResolver,
  MessageResolver,
  ProfileMutations,
  FriendshipMutations,
  ConversationSettingsMutations,
  MessageMutations,
  GroupMutations,
  DateTimeScalar,
];

@Module({
  imports: [
    CqrsModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [IdentityModule],
      inject: [GATEWAY_CONFIG, ViewerTokens, QueryBus],
      useFactory: (config: GatewayConfig, tokens: ViewerTokens, queryBus: QueryBus): ApolloDriverConfig => ({
        typePaths: [projectPath('schema.graphql')],
        path: '/graphql',
        // The built-in landing pages load their assets from a CDN; this gateway serves none yet.
        graphiql: false,
        includeStacktraceInErrorResponses: !config.production,
        formatError: formatGraphQLError(config.production),
        context: async ({ req }: { req: IncomingMessage }): Promise<GraphQLContext> => ({
          ...(await authenticate(tokens, req.headers.authorization)),
          loaders: createRequestLoaders(queryBus),
        }),
      }),
    }),
  ],
  providers: [...resolvers, { provide: APP_FILTER, useClass: DomainErrorFilter }],
})
export class GatewayModule {}

async function authenticate(tokens: ViewerTokens, header: string | undefined) {
  if (!header) return { viewerId: null, authenticationError: null };
  try {
    return { viewerId: await tokens.viewerOfAuthorization(header), authenticationError: null };
  } catch (error) {
    if (error instanceof DomainError) return { viewerId: null, authenticationError: error };
    throw error;
  }
}
