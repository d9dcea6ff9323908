import { Logger } from '@nestjs/common';
import { connect, headers, type JetStreamClient, type NatsConnection } from 'nats';
import { perAggregate, type EventPublisher, type OutboxEvent } from './event-publisher.js';

export interface JetStreamSettings {
  /** nats://host:port (several, comma-separated, for a cluster). */
  readonly url: string;
  /** The stream that stores the events; created (on `${subjectPrefix}.>`) when missing. */
  readonly stream: string;
  /** Events go to `${subjectPrefix}.${aggregate}.${aggregateId}`. */
  readonly subjectPrefix: string;
  /** How long one publish waits for the broker's acknowledgement. */
  readonly publishTimeoutMs: number;
}

const logger = new Logger('JetStreamPublisher');

/** What one round found: events the stream held already, and copies it dropped. */
interface Tally {
  alreadyStored: number;
  duplicates: number;
}

/**
 * Publishes outbox events to NATS JetStream with the event id as `Nats-Msg-Id`, so a copy
 * published again (the relay crashed between publishing and marking) is dropped by the stream
 * within its duplicate window; after an interruption, however long, the events the stream already
 * holds are looked up (last message per aggregate subject) and not published again.
 * A lost broker is not fatal: the client reconnects on its own, publishes fail until it is back,
 * and the relay retries them.
 */
export class JetStreamPublisher implements EventPublisher {
  private connection?: Promise<NatsConnection>;
  private streamReady = false;

  constructor(private readonly settings: JetStreamSettings) {}

  async publish(events: readonly OutboxEvent[], afterInterruption = false): Promise<bigint[]> {
    const js = await this.jetStream();
    const stored = afterInterruption ? await this.lastStoredIds(js, events) : new Map<string, bigint>();
    const tally = { alreadyStored: 0, duplicates: 0 };
    const chains = await Promise.allSettled(perAggregate(events).map((chain) => this.publishInOrder(js, chain, stored, tally)));
    this.report(tally);
    const failure = chains.find((chain) => chain.status === 'rejected');
    // A broker that lost its storage comes back without the stream: make sure of it next time.
    if (failure) this.streamReady = false;
    const published = chains.flatMap((chain) => (chain.status === 'fulfilled' ? chain.value : chain.reason.published));
    if (failure && published.length === 0) throw failure.reason.cause;
    return published;
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await (await connection.catch(() => undefined))?.drain().catch(() => undefined);
  }

  private async publishInOrder(js: JetStreamClient, chain: OutboxEvent[], stored: Map<string, bigint>, tally: Tally): Promise<bigint[]> {
    const published: bigint[] = [];
    for (const event of chain) {
      // The relay keeps each aggregate's order, so an id up to the aggregate's last stored one is stored.
      if (event.id <= (stored.get(this.subjectOf(event)) ?? 0n)) {
        tally.alreadyStored++;
        published.push(event.id);
        continue;
      }
      const header = headers();
      header.set('Hermet-Event-Type', event.type);
      try {
        const ack = await js.publish(this.subjectOf(event), encode(event), {
          msgID: String(event.id),
          headers: header,
          timeout: this.settings.publishTimeoutMs,
        });
        if (ack.duplicate) tally.duplicates++;
      } catch (cause) {
        // Stop this aggregate here: a later event must never overtake an unpublished earlier one.
        throw Object.assign(new Error('publish failed'), { cause, published });
      }
      published.push(event.id);
    }
    return published;
  }

  /** The id of the last event the stream holds, per subject of `events` (none: not in the map). */
  private async lastStoredIds(js: JetStreamClient, events: readonly OutboxEvent[]): Promise<Map<string, bigint>> {
    const manager = await js.jetstreamManager();
    const subjects = [...new Set(events.map((event) => this.subjectOf(event)))];
    const last = await Promise.all(
      subjects.map((subject) =>
        manager.streams.getMessage(this.settings.stream, { last_by_subj: subject }).then(
          (message) => [subject, BigInt(message.header.get('Nats-Msg-Id'))] as const,
          (error: { code?: string }) => {
            if (error.code === '404') return undefined;
            throw error;
          },
        ),
      ),
    );
    return new Map(last.filter((entry) => entry !== undefined));
  }

  /** Operators (and the crash tests) see the at-least-once window at work. */
  private report({ alreadyStored, duplicates }: Tally): void {
    if (alreadyStored > 0) logger.log(`${alreadyStored} events found already in the stream (published before an interruption, not marked): not published again`);
    if (duplicates > 0) logger.log(`${duplicates} republished events dropped by the stream as duplicates`);
  }

  private subjectOf(event: OutboxEvent): string {
    return `${this.settings.subjectPrefix}.${event.aggregate}.${event.aggregateId}`;
  }

  private async jetStream(): Promise<JetStreamClient> {
    this.connection ??= this.connect();
    const connection = await this.connection.catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    if (!this.streamReady) {
      await this.ensureStream(connection);
      this.streamReady = true;
    }
    return connection.jetstream();
  }

  private async connect(): Promise<NatsConnection> {
    const connection = await connect({
      servers: this.settings.url.split(','),
      // Once connected, keep reconnecting forever: an outage of the broker is waited out.
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: this.settings.publishTimeoutMs,
    });
    void connection.closed().then(() => {
      this.connection = undefined;
    });
    void (async () => {
      for await (const status of connection.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnect') logger.log(`NATS ${status.type} ${String(status.data)}`);
      }
    })();
    return connection;
  }

  private async ensureStream(connection: NatsConnection): Promise<void> {
    const manager = await connection.jetstreamManager();
    const subjects = [`${this.settings.subjectPrefix}.>`];
    try {
      await manager.streams.info(this.settings.stream);
    } catch {
      await manager.streams.add({ name: this.settings.stream, subjects });
    }
  }
}

function encode(event: OutboxEvent): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      id: String(event.id),
      type: event.type,
      aggregate: event.aggregate,
      aggregateId: String(event.aggregateId),
      createdAt: String(event.createdAt),
      payload: event.payload,
    }),
  );
}
