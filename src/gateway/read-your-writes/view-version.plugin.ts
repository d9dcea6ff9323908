import type { ApolloServerPlugin } from '@apollo/server';
import { Logger } from '@nestjs/common';
import type { QueryBus } from '@nestjs/cqrs';
import { GetViewVersionQuery } from '../../read/view-state/get-view-version.query.js';
import type { GraphQLContext } from '../graphql-context.js';

/**
 * Read-your-writes: every mutation response carries `extensions.viewVersion`, the viewer's view
 * clock after the mutation committed (or, for a viewer whose views the projector keeps, a `tx:`
 * token). A list query given it as `minVersion` is answered only from views at least that new. Read after the commit, so it is never older than the mutation's own
 * changes (it may include a concurrent later change of the same viewer, which is harmless).
 */
export function viewVersionPlugin(queryBus: QueryBus): ApolloServerPlugin<GraphQLContext> {
  const logger = new Logger('ReadYourWrites');
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, response, contextValue }) {
          if (operation?.operation !== 'mutation' || response.body.kind !== 'single') return;
          if (contextValue.viewerId === null || contextValue.authenticationError) return;
          const result = response.body.singleResult;
          // A refused mutation changed nothing: no version to wait for, and no read to risk.
          if (result.errors?.length) return;
          try {
            const version = await queryBus.execute(new GetViewVersionQuery(contextValue.viewerId));
            result.extensions = { ...result.extensions, viewVersion: version };
          } catch (error) {
            // The mutation has committed: failing its answer now would make the client retry it.
            logger.warn(`viewVersion left out: ${error instanceof Error ? error.message : String(error)}`);
          }
        },
      };
    },
  };
}
