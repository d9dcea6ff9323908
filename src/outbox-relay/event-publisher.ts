/** One outbox row as it leaves the gateway: the domain event and where it came from. */
export interface OutboxEvent {
  /** The outbox id: the event's identity, used by brokers to drop a redelivered copy. */
  readonly id: bigint;
  readonly aggregate: string;
  readonly aggregateId: bigint;
  readonly type: string;
  readonly payload: unknown;
  readonly createdAt: bigint;
}

/**
 * A message broker the outbox relay hands events to. JetStream is the one implemented
 * (./jetstream-publisher.ts); another broker implements this and nothing else changes.
 */
export interface EventPublisher {
  /**
   * Publishes `events` (in outbox id order), keeping the order within each aggregate, and
   * answers the ids the broker has durably stored. When one fails, the later events of the same
   * aggregate are not attempted (the relay retries them in order), other aggregates go on.
   * Publishing an event again must be harmless: the broker de-duplicates on the event id.
   * `afterInterruption`: the relay's previous round did not finish (or this is its first), so
   * some of `events` may be stored already; the broker's de-duplication may have forgotten them
   * (JetStream's window is 2 minutes), so they are looked up and skipped instead.
   */
  publish(events: readonly OutboxEvent[], afterInterruption?: boolean): Promise<bigint[]>;
  close(): Promise<void>;
}

/** The events grouped per aggregate, each group in the given (id) order. */
export function perAggregate(events: readonly OutboxEvent[]): OutboxEvent[][] {
  const groups = new Map<string, OutboxEvent[]>();
  for (const event of events) {
    const key = `${event.aggregate}:${event.aggregateId}`;
    groups.set(key, [...(groups.get(key) ?? []), event]);
  }
  return [...groups.values()];
}
