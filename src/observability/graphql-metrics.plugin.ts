import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayMetrics } from './metrics.js';

/**
 * Counts and times every GraphQL operation by its name and type. Unnamed operations are
 * "anonymous" and unparsable ones "unparsed", so the label set stays bounded whatever clients send.
 */
export function graphqlMetricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, errors }) {
          const labels = {
            operation: operation ? (operationName ?? 'anonymous') : 'unparsed',
            type: operation?.operation ?? 'unknown',
          };
          metrics.graphqlDuration.observe(labels, (performance.now() - started) / 1000);
          metrics.graphqlRequests.inc({ ...labels, outcome: errors?.length ? 'error' : 'ok' });
        },
      };
    },
  };
}
