import { getOperationAST, type DocumentNode } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import type { GatewayMetrics, OperationLabels } from '../../observability/metrics.js';

/**
 * The HTTP path's per-operation metrics for graphql-ws: each subscribe handshake counted and
 * timed by operation name (until the subscription is running, or refused), and the open
 * subscriptions by name. graphql-ws hands every hook the same payload object, which keys the state.
 */
export class LiveOperationMetrics {
  private readonly started = new WeakMap<SubscribePayload, number>();
  private readonly open = new WeakMap<SubscribePayload, OperationLabels>();

  constructor(private readonly metrics: GatewayMetrics) {}

  handshakeStarted(payload: SubscribePayload): void {
    this.started.set(payload, performance.now());
  }

  /** The handshake ended: refused (no document, or errors), or running when `running`. */
  handshakeEnded(payload: SubscribePayload, document: DocumentNode | undefined, running: boolean): void {
    const started = this.started.get(payload) ?? performance.now();
    const operation = document && getOperationAST(document, payload.operationName);
    const labels = this.metrics.recordOperation(operation, (performance.now() - started) / 1000, running);
    if (!running) return;
    this.metrics.graphqlSubscriptions.inc({ operation: labels.operation });
    this.open.set(payload, labels);
  }

  /** Completed by either side, or by the socket closing. */
  ended(payload: SubscribePayload): void {
    const labels = this.open.get(payload);
    if (!labels) return;
    this.open.delete(payload);
    this.metrics.graphqlSubscriptions.dec({ operation: labels.operation });
  }
}
