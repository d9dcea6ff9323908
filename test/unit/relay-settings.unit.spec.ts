import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../src/config/configuration-error.js';
import { readRelaySettings } from '../../src/outbox-relay/relay-settings.js';

describe('the outbox relay settings', () => {
  it('keep the relay off, saying how to turn it on, when NATS_URL is unset', () => {
    expect(() => readRelaySettings({})).toThrow(ConfigurationError);
    expect(() => readRelaySettings({})).toThrow(/set NATS_URL/);
  });

  it('default the stream and subjects when only NATS_URL is set', () => {
    expect(readRelaySettings({ NATS_URL: 'nats://127.0.0.1:4222' })).toMatchObject({
      url: 'nats://127.0.0.1:4222',
      stream: 'HERMET_EVENTS',
      subjectPrefix: 'hermet.events',
    });
  });

  it('refuse a batch size that is not a positive integer', () => {
    expect(() => readRelaySettings({ NATS_URL: 'nats://x', RELAY_BATCH_SIZE: '0' })).toThrow(/RELAY_BATCH_SIZE/);
  });
});
