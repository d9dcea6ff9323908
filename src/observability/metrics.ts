import { Inject, Injectable } from '@nestjs/common';
import type { OperationDefinitionNode } from 'graphql';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { PRIMARY_DATABASE } from '../database/database.tokens.js';
import type { Database } from '../database/database.js';
import { projectionBacklog, type ProjectionBacklog } from '../projector/projection-backlog.js';
import { ShardMap } from '../sharding/shard-map.js';

/** How an operation is labelled: its name and type. */
export interface OperationLabels {
  readonly operation: string;
  readonly type: string;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** The gateway's Prometheus metrics, one registry per application instance. */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();

  /** GraphQL requests by operation name (never raw query text: names are bounded, text is not). */
  readonly graphqlRequests = new Counter({
    name: 'hermet_graphql_requests_total',
    help: 'GraphQL operations served, by operation name, type and outcome',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'hermet_graphql_request_duration_seconds',
    help: 'GraphQL operation latency, by operation name and type',
    labelNames: ['operation', 'type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** Open GraphQL subscriptions (graphql-ws), by operation name. */
  readonly graphqlSubscriptions = new Gauge({
    name: 'hermet_graphql_subscriptions',
    help: 'Open GraphQL subscriptions on this instance, by operation name',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });

  /** What a live client's socket still held each time its views changed (when LIVE_MAX_BUFFERED_BYTES is checked). */
  readonly liveSendBuffer = new Histogram({
    name: 'hermet_live_send_buffer_bytes',
    help: 'Bytes waiting in a live client socket each time its views changed',
    buckets: [1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216],
    registers: [this.registry],
  });

  /**
   * From a deferred fan-out's commit to its view rows showing it, per catch-up, timed from the
   * oldest command it covered; `fan_out` is group_message or profile. Failures are logged and
   * retried by the sweep.
   */
  readonly deferredFanOutDelay = new Histogram({
    name: 'hermet_deferred_fan_out_delay_seconds',
    help: "Seconds from a command's commit until every view row it changes shows it, for a large group's message or a popular user's profile",
    labelNames: ['fan_out'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  /** Command bus latency (validation and the dual-write transaction included), by type and outcome. */
  readonly commandDuration = new Histogram({
    name: 'hermet_command_duration_seconds',
    help: 'Command latency by command type and outcome (ok, or the error code)',
    labelNames: ['command', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** Query bus latency (one read-model query, or one DataLoader batch), by type and outcome. */
  readonly queryDuration = new Histogram({
    name: 'hermet_query_duration_seconds',
    help: 'Query latency by query type and outcome (ok, or the error code)',
    labelNames: ['query', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** Serialization failures and deadlocks absorbed by retrying the whole transaction. */
  readonly transactionRetries = new Counter({
    name: 'hermet_transaction_retries_total',
    help: 'Command transactions retried after a serialization failure (40001) or deadlock (40P01), by SQLSTATE',
    labelNames: ['sqlstate'] as const,
    registers: [this.registry],
  });

  /** Commands that failed because every retry hit a serialization failure or deadlock. */
  readonly transactionRetriesExhausted = new Counter({
    name: 'hermet_transaction_retries_exhausted_total',
    help: 'Command transactions that failed after the last retry',
    registers: [this.registry],
  });

  /**
   * Counts and times one GraphQL operation (an HTTP request, or a subscribe handshake). Unnamed
   * operations are "anonymous" and unparsable ones "unparsed", so the label set stays bounded
   * whatever clients send. Answers the labels used.
   */
  recordOperation(operation: OperationDefinitionNode | null | undefined, seconds: number, ok: boolean): OperationLabels {
    const labels = operation
      ? { operation: operation.name?.value ?? 'anonymous', type: operation.operation }
      : { operation: 'unparsed', type: 'unknown' };
    this.graphqlDuration.observe(labels, seconds);
    this.graphqlRequests.inc({ ...labels, outcome: ok ? 'ok' : 'error' });
    return labels;
  }

  constructor(@Inject(PRIMARY_DATABASE) database: Database, shards: ShardMap) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hermet_' });
    this.databaseGauges(database);
    this.projectionGauges(shards);
  }

  /** How far behind each database the projector keeps is (none without a shard map), read at scrape time. */
  private projectionGauges(shards: ShardMap): void {
    const gauge = (name: string, help: string, figure: (backlog: ProjectionBacklog) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['database'] as const,
        registers: [this.registry],
        async collect() {
          for (const { name: database, database: target } of shards.projectedDatabases()) {
            // A database that does not answer leaves its figure out; /health/ready names it.
            const backlog = await projectionBacklog(shards.primary, target).catch(() => null);
            if (backlog) this.set({ database }, figure(backlog));
            else this.remove({ database });
          }
        },
      });
    gauge('hermet_projection_lag_seconds', 'Age of the oldest final outbox event not yet projected into the database (0 when caught up)', (b) => b.lagSeconds);
    gauge('hermet_projection_backlog_events', 'Final outbox events not yet projected into the database', (b) => b.events);
  }

  /** Figures read from the database at scrape time. */
  private databaseGauges(database: Database): void {
    const registers = [this.registry];
    new Gauge({
      name: 'hermet_db_pool_connections',
      help: 'Primary database pool: connections by state, and requests waiting for one',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const usage = database.poolUsage();
        this.set({ state: 'busy' }, usage.total - usage.idle);
        this.set({ state: 'idle' }, usage.idle);
        this.set({ state: 'waiting' }, usage.waiting);
      },
    });
    new Gauge({
      name: 'hermet_outbox_backlog',
      help: 'Outbox events not yet published, and the age in seconds of the oldest',
      labelNames: ['figure'] as const,
      registers,
      async collect() {
        const [row] = await database.prisma.$queryRaw<{ backlog: bigint; oldest: bigint | null }[]>`
          SELECT count(*) AS backlog, min(created_at) AS oldest FROM outbox WHERE published_at = 0`;
        this.set({ figure: 'events' }, Number(row.backlog));
        this.set({ figure: 'oldest_age_seconds' }, row.oldest === null ? 0 : (Date.now() - Number(row.oldest)) / 1000);
      },
    });
    new Gauge({
      name: 'hermet_consistency_percent',
      help: 'Percentage of read-side rows consistent with the write side at the last check (hermet check-consistency)',
      registers,
      async collect() {
        const last = await database.prisma.consistencyCheckRun.findFirst({ orderBy: { id: 'desc' } });
        if (last) this.set(last.percentConsistent);
      },
    });
  }
}
