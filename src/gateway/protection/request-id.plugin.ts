import type { ApolloServerPlugin } from '@apollo/server';
import { Logger } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { DomainError } from '../../errors/domain-error.js';
import type { GraphQLContext } from '../graphql-context.js';

/** Errors whose real cause is hidden from the client: they carry the request id instead. */
const MASKED_CODES = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE']);
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
            // The request logger adds the request id to the line.
            logger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (!contextValue?.requestId) return;
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
