import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { QueryBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import { specifiedRules, validate, type ValidationRule } from 'graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { ViewerTokens } from '../identity/viewer-tokens.js';
import type { LiveSocket } from '../live/live-subscription.js';
import type { GraphQLContext } from './graphql-context.js';
import { createRequestLoaders } from './request-loaders.js';

/** The context of a subscription: a request's, plus the socket its updates go out on. */
export interface LiveContext extends GraphQLContext {
  readonly socket: LiveSocket;
}

/** Nest types `extra` as unknown; the ws integration it installs passes the socket and request. */
type ConnectionContext = Context<Record<string, unknown> | undefined, unknown>;

const extraOf = (context: ConnectionContext) => context.extra as Extra;

/**
 * GraphQL subscriptions over graphql-ws on the HTTP path. The bearer token travels in the
 * connection_init payload (`{ authorization: "Bearer <token>" }`): browsers cannot set headers on
 * a WebSocket. A connection without a valid token is refused (close code 4403).
 */
export function liveConnections(
  tokens: ViewerTokens,
  queryBus: QueryBus,
  validationRules: readonly ValidationRule[],
): ApolloDriverConfig['subscriptions'] {
  const viewerOf = (context: ConnectionContext) => tokens.viewerOfAuthorization(String(context.connectionParams?.authorization ?? ''));
  // Nest's type leaves out graphql-ws's `context` and `validate`, but passes them on (`context`
  // after its own default, the HTTP context function, which cannot serve a WebSocket).
  const options: GraphQLWsSubscriptionsConfig & Pick<ServerOptions, 'context' | 'validate'> = {
    // The HTTP path's shape limits (depth, aliases, directives) hold for subscriptions too.
    validate: (schema, document) => validate(schema, document, [...specifiedRules, ...validationRules]),
    onConnect: async (context: ConnectionContext) => viewerOf(context).then(() => true, () => false),
    context: async (context: ConnectionContext): Promise<LiveContext> => ({
      viewerId: await viewerOf(context),
      authenticationError: null,
      loaders: createRequestLoaders(queryBus),
      requestId: randomUUID(),
      clientAddress: extraOf(context).request.socket.remoteAddress ?? 'unknown',
      socket: extraOf(context).socket,
    }),
  };
  return { 'graphql-ws': options };
}
