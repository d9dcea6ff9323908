import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { QueryBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { GatewayConfig } from '../../config/gateway-config.js';
import type { ViewerTokens } from '../../identity/viewer-tokens.js';
import type { LiveSocket } from '../../live/live-subscription.js';
import type { GatewayMetrics } from '../../observability/metrics.js';
import type { GraphQLContext } from '../graphql-context.js';
import { edgeRefusal, formatGraphQLError } from '../graphql-errors.js';
import { createRequestLoaders } from '../request-loaders.js';
import { LiveOperationMetrics } from './live-operation-metrics.js';
import { liveOperation, type EdgeRules } from './live-operation.js';

/** The context of a subscription: a request's, plus the socket its updates go out on. */
export interface LiveContext extends GraphQLContext {
  readonly socket: LiveSocket;
}

/** Nest types `extra` as unknown; the ws integration it installs passes the socket and request. */
type ConnectionContext = Context<Record<string, unknown> | undefined, unknown>;

const extraOf = (context: ConnectionContext) => context.extra as Extra;

/** What the subscription path needs: the HTTP path's edge rules, tokens, loaders and metrics. */
export interface LiveConnectionOptions extends EdgeRules {
  readonly config: GatewayConfig;
  readonly tokens: ViewerTokens;
  readonly queryBus: QueryBus;
  readonly metrics: GatewayMetrics;
}

/**
 * GraphQL subscriptions over graphql-ws on the HTTP path. The bearer token travels in the
 * connection_init payload (`{ authorization: "Bearer <token>" }`): browsers cannot set headers on
 * a WebSocket. A connection without a valid token is refused (close code 4403). Every subscribe
 * message passes the HTTP path's edge (liveOperation); refusals are graphql-ws error messages
 * formatted by the one error formatter, so they carry the same `extensions.code`.
 */
export function liveConnections(options: LiveConnectionOptions): ApolloDriverConfig['subscriptions'] {
  const { tokens, queryBus } = options;
  const viewerOf = (context: ConnectionContext) => tokens.viewerOfAuthorization(String(context.connectionParams?.authorization ?? ''));
  const operations = new LiveOperationMetrics(options.metrics);
  const format = formatGraphQLError(options.config.production);
  const maxSubscriptions = options.config.live.maxSubscriptionsPerConnection;
  // Nest's type leaves out some of graphql-ws's hooks, but passes them on (`context` after its
  // own default, the HTTP context function, which cannot serve a WebSocket).
  const graphqlWs: GraphQLWsSubscriptionsConfig & Pick<ServerOptions, 'context' | 'onOperation' | 'onComplete' | 'onError'> = {
    onConnect: async (context: ConnectionContext) => viewerOf(context).then(() => true, () => false),
    context: async (context: ConnectionContext): Promise<LiveContext> => ({
      viewerId: await viewerOf(context),
      authenticationError: null,
      loaders: createRequestLoaders(queryBus),
      requestId: randomUUID(),
      clientAddress: extraOf(context).request.socket.remoteAddress ?? 'unknown',
      socket: extraOf(context).socket,
    }),
    onSubscribe: async (context, _id, payload) => {
      operations.handshakeStarted(payload);
      // graphql-ws has already reserved this operation's id in `subscriptions`.
      if (Object.keys(context.subscriptions).length > maxSubscriptions) {
        operations.handshakeEnded(payload, undefined, false);
        return [edgeRefusal('TOO_MANY_SUBSCRIPTIONS')];
      }
      const operation = await liveOperation(payload, options);
      if (operation.errors) operations.handshakeEnded(payload, operation.document, false);
      return operation.errors ?? operation.args;
    },
    onOperation: (_context, _id, payload, args, result) => operations.handshakeEnded(payload, args.document, isAsyncIterable(result)),
    onComplete: (_context, _id, payload) => operations.ended(payload),
    onError: (_context, _id, _payload, errors) => errors.map((error) => format(error.toJSON(), error)),
    // Errors of a running operation (a resolver's) go through the same formatter as refusals.
    onNext: (_context, _id, _payload, _args, result) => {
      if (result.errors) return { ...result, errors: result.errors.map((error) => format(error.toJSON(), error)) };
    },
  };
  return { 'graphql-ws': graphqlWs };
}

function isAsyncIterable(result: unknown): boolean {
  return typeof (result as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}
