import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection, type StreamConfig } from 'nats';

export interface StoredEvent {
  readonly subject: string;
  readonly msgId: string;
  readonly id: string;
  readonly type: string;
}

/** A stream name and subject prefix of one test, unique on a shared NATS server. */
export function uniqueStream(): { stream: string; subjectPrefix: string } {
  const suffix = randomBytes(4).toString('hex');
  return { stream: `HERMET_TEST_${suffix}`, subjectPrefix: `hermet_test_${suffix}.events` };
}

/** Every message the stream holds, in stream order. */
export async function storedEvents(url: string, stream: string): Promise<StoredEvent[]> {
  return withNats(url, async (connection) => {
    const manager = await connection.jetstreamManager();
    const { state } = await manager.streams.info(stream);
    const events: StoredEvent[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const message = await manager.streams.getMessage(stream, { seq });
      const body = message.json<{ id: string; type: string }>();
      events.push({ subject: message.subject, msgId: message.header.get('Nats-Msg-Id'), id: body.id, type: body.type });
    }
    return events;
  });
}

/**
 * The event ids per subject (aggregate), in stream order: the relay keeps the order within an
 * aggregate, and publishes different aggregates side by side.
 */
export function idsPerSubject(events: readonly StoredEvent[]): Record<string, string[]> {
  const bySubject: Record<string, string[]> = {};
  for (const event of events) (bySubject[event.subject] ??= []).push(event.id);
  return bySubject;
}

/** The stream as an operator may set it up before the relay first runs (it creates a missing one). */
export async function createStream(url: string, names: { stream: string; subjectPrefix: string }, config: Partial<StreamConfig>): Promise<void> {
  await withNats(url, async (connection) => {
    const manager = await connection.jetstreamManager();
    await manager.streams.add({ name: names.stream, subjects: [`${names.subjectPrefix}.>`], ...config });
  });
}

export async function deleteStream(url: string, stream: string): Promise<void> {
  await withNats(url, async (connection) => {
    const manager = await connection.jetstreamManager();
    await manager.streams.delete(stream).catch(() => undefined);
  });
}

async function withNats<T>(url: string, work: (connection: NatsConnection) => Promise<T>): Promise<T> {
  const connection = await connect({ servers: url });
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}
