import { ConfigurationError } from '../config/configuration-error.js';
import { positiveInteger } from '../config/environment-values.js';
import type { JetStreamSettings } from './jetstream-publisher.js';
import type { OutboxRelaySettings } from './outbox-relay.js';

export type RelaySettings = JetStreamSettings & OutboxRelaySettings;

/** The relay is off unless NATS_URL is set: the embedded default needs no broker. */
export function readRelaySettings(env: NodeJS.ProcessEnv = process.env): RelaySettings {
  const url = env.NATS_URL;
  if (!url) throw new ConfigurationError('the outbox relay is off: set NATS_URL (e.g. nats://127.0.0.1:4222) to run it');
  return {
    url,
    stream: env.NATS_STREAM || 'HERMET_EVENTS',
    subjectPrefix: env.NATS_SUBJECT_PREFIX || 'hermet.events',
    publishTimeoutMs: positiveInteger(env, 'NATS_PUBLISH_TIMEOUT_MS', 2_000),
    batchSize: positiveInteger(env, 'RELAY_BATCH_SIZE', 500),
    idleMs: positiveInteger(env, 'RELAY_IDLE_MS', 200),
    maxBackoffMs: positiveInteger(env, 'RELAY_MAX_BACKOFF_MS', 5_000),
  };
}
