import type { OnModuleDestroy } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';

export type ViewChangeListener = (ownerIds: readonly bigint[]) => void;

/**
 * How "these owners' views changed" reaches every gateway instance (each then reads the changes
 * of the subscribers it holds). Only owner ids travel: the rows are read from the views, so a
 * message lost or delivered twice delays an update but never corrupts a client's list.
 */
export abstract class ViewChangeBroker {
  abstract publish(ownerIds: readonly bigint[]): void;
  abstract listen(listener: ViewChangeListener): void;
}

/** One instance alone (no NATS_URL): changes go straight to this instance's subscribers. */
export class InProcessViewChangeBroker extends ViewChangeBroker {
  private readonly listeners: ViewChangeListener[] = [];

  publish(ownerIds: readonly bigint[]): void {
    for (const listener of this.listeners) listener(ownerIds);
  }

  listen(listener: ViewChangeListener): void {
    this.listeners.push(listener);
  }
}

/**
 * A fleet: every instance publishes to one NATS core subject and hears everyone's messages, its
 * own included (at-most-once, which the change feed makes good: see ViewChangeBroker).
 */
export class NatsViewChangeBroker extends ViewChangeBroker implements OnModuleDestroy {
  private constructor(
    private readonly nats: NatsConnection,
    private readonly subject: string,
  ) {
    super();
  }

  static async connect(url: string, subject: string): Promise<NatsViewChangeBroker> {
    return new NatsViewChangeBroker(await connect({ servers: url, name: 'hermet-gateway-live' }), subject);
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

  async onModuleDestroy(): Promise<void> {
    await this.nats.drain();
  }
}
