import { positiveInteger } from '../config/environment-values.js';

/** Live updates (subscriptions): how changes reach every instance, and how slow a client may be. */
export interface LiveConfig {
  /** NATS server that fans view changes out to every gateway instance; none: this instance only. */
  readonly natsUrl: string | undefined;
  /** The NATS subject of view changes (instances of one fleet must share it). */
  readonly natsSubject: string;
  /** Changes waiting for one subscriber beyond which it is disconnected as too slow. */
  readonly maxPendingChanges: number;
  /** Bytes waiting in one socket's send buffer beyond which its client is disconnected as too slow. */
  readonly maxBufferedBytes: number;
  /**
   * Operations one connection may run at once. A client needs a handful (the two list feeds);
   * without a bound, one socket could hold any number of live subscriptions and their buffers.
   */
  readonly maxSubscriptionsPerConnection: number;
}

export function readLiveConfig(env: NodeJS.ProcessEnv): LiveConfig {
  return {
    natsUrl: env.NATS_URL || undefined,
    natsSubject: env.LIVE_NATS_SUBJECT || 'hermet.views.changed',
    maxPendingChanges: positiveInteger(env, 'LIVE_MAX_PENDING_CHANGES', 1_000),
    maxBufferedBytes: positiveInteger(env, 'LIVE_MAX_BUFFERED_BYTES', 1024 * 1024),
    maxSubscriptionsPerConnection: positiveInteger(env, 'LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION', 10),
  };
}

