import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { GatewayMetrics } from '../observability/metrics.js';
import type { Database } from './database.js';
import { sqlState } from './sql-state.js';
import { PRIMARY_DATABASE } from './database.tokens.js';
import type { Transaction } from './transaction.js';

const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']); // serialization failure, deadlock
const MAX_ATTEMPTS = 5;

/**
 * Runs a unit of work in one interactive transaction on the primary database. Serialization
 * failures and deadlocks are retried a bounded number of times with jittered backoff; anything
 * else (domain errors included) rolls back and propagates at once.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);

  constructor(
    @Inject(PRIMARY_DATABASE) private readonly database: Database,
    private readonly metrics: GatewayMetrics,
  ) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.database.prisma.$transaction(work);
      } catch (error) {
        if (!isRetryable(error)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          this.metrics.transactionRetriesExhausted.inc();
          throw error;
        }
        this.metrics.transactionRetries.inc({ sqlstate: sqlState(error) });
        this.logger.warn(`transaction attempt ${attempt} hit ${sqlState(error)}; retrying`);
        await sleep(Math.random() * 20 * 2 ** attempt);
      }
    }
  }
}

function isRetryable(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && RETRYABLE_SQLSTATES.has(state);
}
