import type { OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from 'nats';

/** How long a readiness ping waits for a connected but silent NATS server. */
const PING_TIMEOUT_MS = 2_000;

export type ViewChangeListener = (ownerIds: readonly bigint[]) => void;

/**
 * How "these owners' views changed" reaches every gateway instance (each then reads the changes
 * of the subscribers it holds). Only owner ids travel: the rows are read from the views, so a
 * message lost or delivered twice delays an update but never corrupts a client's list.
 */
export abstract class ViewChangeBroker {
  /** The broker's name in the readiness check (`broker:<name>`); null: nothing to check. */
  abstract readonly name: string | null;
  abstract publish(ownerIds: readonly bigint[]): void;
  abstract listen(listener: ViewChangeListener): void;
  /** Resolves when the broker answers a round trip; rejects when it is away. */
  abstract ping(): Promise<void>;
}

/** One instance alone (no NATS_URL): changes go straight to this instance's subscribers. */
export class InProcessViewChangeBroker extends ViewChangeBroker {
  readonly name = null;
  private readonly listeners: ViewChangeListener[] = [];

  publish(ownerIds: readonly bigint[]): void {
    for (const listener of this.listeners) listener(ownerIds);
  }

  listen(listener: ViewChangeListener): void {
    this.listeners.push(listener);
  }

  async ping(): Promise<void> {}
}

/**
 * A fleet: every instance publishes to one NATS core subject and hears everyone's messages, its
 * own included (at-most-once, which the change feed makes good: see ViewChangeBroker).
 */
export class NatsViewChangeBroker extends ViewChangeBroker implements OnModuleDestroy {
  readonly name = 'nats';

  private constructor(
    private readonly nats: NatsConnection,
    private readonly subject: string,
  ) {
    super();
  }

  static async connect(url: string, subject: string): Promise<NatsViewChangeBroker> {
    // Reconnect for ever: NATS coming back after any outage must bring live updates back too
    // (the client's default gives up after ten attempts, leaving the instance deaf until restart).
    const nats = await connect({ servers: url, name: 'hermet-gateway-live', maxReconnectAttempts: -1 });
    return new NatsViewChangeBroker(nats, subject);
  }

  publish(ownerIds: readonly bigint[]): void {
    this.nats.publish(this.subject, new TextEncoder().encode(JSON.stringify(ownerIds.map(String))));
  }

  listen(listener: ViewChangeListener): void {
    this.nats.subscribe(this.subject, {
      callback: (error, message) => {
        if (error) return;
        const owners = JSON.parse(new TextDecoder().decode(message.data)) as string[];
        listener(owners.map((owner) => BigInt(owner)));
      },
    });
  }

  /** A PING/PONG round trip; while disconnected, nats.js refuses at once instead of queueing. */
  async ping(): Promise<void> {
    const silence = sleep(PING_TIMEOUT_MS, undefined, { ref: false }).then(() => {
      throw new Error(`no answer within ${PING_TIMEOUT_MS} ms`);
    });
    await Promise.race([this.nats.rtt(), silence]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.nats.drain();
  }
}
