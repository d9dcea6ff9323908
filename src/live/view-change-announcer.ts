import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { Subscription } from 'rxjs';
import type { HermetEvent } from '../events/index.js';
import { ChangedViewOwners } from './changed-view-owners.js';
import { ViewChangeBroker } from './view-change-broker.js';

/**
 * Hears every domain event after its commit (the EventBus) and tells the broker whose views it
 * changed, so that every gateway instance can update the subscribers it holds.
 */
@Injectable()
export class ViewChangeAnnouncer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ViewChangeAnnouncer.name);
  private subscription: Subscription | undefined;

  constructor(
    private readonly eventBus: EventBus,
    private readonly owners: ChangedViewOwners,
    private readonly broker: ViewChangeBroker,
  ) {}

  onModuleInit(): void {
    this.subscription = this.eventBus.subscribe((event) => void this.announce(event as HermetEvent));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private async announce(event: HermetEvent): Promise<void> {
    try {
      const owners = await this.owners.of(event);
      if (owners.length > 0) this.broker.publish(owners);
    } catch (error) {
      // Live updates are best effort; clients catch up with the change feed.
      this.logger.warn(`no live update for ${event.constructor.name}: ${String(error)}`);
    }
  }
}
