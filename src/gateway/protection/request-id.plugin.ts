import type { ApolloServerPlugin } from '@apollo/server';
import { Logger } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DomainError } from '../../errors/domain-error.js';
import type { GraphQLContext } from '../graphql-context.js';

/** Errors whose real cause is hidden from the client: they carry the request id instead. */
const MASKED_CODES = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE']);
const WELL_FORMED_ID = /^[\w.:-]{1,128}$/;

/** The id of one HTTP request: the caller's `x-request-id` if sane (a proxy's), else a new one. */
export function requestIdOf(req: IncomingMessage & { id?: unknown }): string {
  const given = req.id ?? req.headers['x-request-id'];
  return typeof given === 'string' && WELL_FORMED_ID.test(given) ? given : randomUUID();
}

/**
 * Unexpected failures are logged with the request id, and the masked error the client gets
 * carries that id, so a user can quote it and an operator can find the stack trace.
 */
export function requestIdPlugin(): ApolloServerPlugin<GraphQLContext> {
  const logger = new Logger('GraphQL');
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            // Domain errors are answers and GraphQL errors describe the request: neither is a fault.
            if (original instanceof DomainError || original instanceof GraphQLError || !error.originalError) continue;
            logger.error(`request ${contextValue.requestId}: ${original instanceof Error ? original.stack : String(original)}`);
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (!contextValue?.requestId) return;
          response.http.headers.set('x-request-id', contextValue.requestId);
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (MASKED_CODES.has(String(error.extensions?.code))) {
              (error as { extensions: Record<string, unknown> }).extensions = { ...error.extensions, requestId: contextValue.requestId };
            }
          }
        },
      };
    },
  };
}
