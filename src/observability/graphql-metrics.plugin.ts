import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayMetrics } from './metrics.js';

/** Counts and times every GraphQL operation over HTTP by its name and type. */
export function graphqlMetricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, errors }) {
          metrics.recordOperation(operation, (performance.now() - started) / 1000, !errors?.length);
        },
      };
    },
  };
}
