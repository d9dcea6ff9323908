import { Injectable } from '@nestjs/common';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/** The gateway's Prometheus metrics, one registry per application instance. */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();

  /** Serialization failures and deadlocks absorbed by retrying the whole transaction. */
  readonly transactionRetries = new Counter({
    name: 'hermet_transaction_retries_total',
    help: 'Command transactions retried after a serialization failure or deadlock',
    registers: [this.registry],
  });

  /** Commands that failed because every retry hit a serialization failure or deadlock. */
  readonly transactionRetriesExhausted = new Counter({
    name: 'hermet_transaction_retries_exhausted_total',
    help: 'Command transactions that failed after the last retry',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hermet_' });
  }
}
