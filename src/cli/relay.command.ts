import { readDatabaseSettings } from '../config/database-settings.js';
import { openDatabase } from '../database/database.js';
import { JetStreamPublisher } from '../outbox-relay/jetstream-publisher.js';
import { OutboxRelay } from '../outbox-relay/outbox-relay.js';
import { readRelaySettings } from '../outbox-relay/relay-settings.js';

/** `hermet relay`: publishes the outbox to NATS JetStream until SIGINT / SIGTERM. */
export async function relayCommand(): Promise<void> {
  const settings = readRelaySettings();
  const database = await openDatabase(readDatabaseSettings());
  const publisher = new JetStreamPublisher(settings);
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  console.log(`relaying the outbox to ${settings.url} (stream ${settings.stream}, subjects ${settings.subjectPrefix}.>)`);
  try {
    await new OutboxRelay(database, publisher, settings).run(stop.signal);
  } finally {
    await publisher.close();
    await database.close();
  }
}
