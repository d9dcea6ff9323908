import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { Subscription } from 'rxjs';
import type { Database } from '../../database/database.js';
import { PRIMARY_DATABASE } from '../../database/database.tokens.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { MessageSent } from '../../events/index.js';
import { ViewChangeBroker } from '../../live/view-change-broker.js';
import { GatewayMetrics } from '../../observability/metrics.js';
import { ShardMap } from '../../sharding/shard-map.js';
import { Clock } from '../../time/clock.js';
import { ReadModelProjector } from '../read-model-projector.js';
import { ownersByWindow } from '../view-fan-out.js';
import { fansOutAfterCommit } from './large-group-messages.js';
import { catchUpMemberRows } from './member-rows-catch-up.js';

/**
 * How often every instance looks for deferred fan-outs nobody is running: those of an instance
 * that stopped or crashed between a send's commit and its fan-out, and those a failed catch-up
 * left.
 */
const SWEEP_INTERVAL_MS = 5_000;

/**
 * Fans large groups' messages out to the members' conversation rows after the sends commit
 * (large-group-messages.ts says why). A committed send names its channel here; channels are
 * caught up one at a time, so the sends that arrive while one catch-up runs are all covered by
 * the next: a busy group costs one fan-out per catch-up, not one per message.
 *
 * Each window of 32 shards commits on its own, so a member's other commands wait for one window
 * (tens of rows), never for the whole group. The channel's rows of deferred_message_fan_out go
 * only after every window is done; a crash before that repeats the catch-up, which leaves caught-up
 * rows alone. Instances of a fleet may catch up the same channel at once: the clock locks order
 * them, and the second finds nothing left to do.
 */
@Injectable()
export class DeferredFanOutWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeferredFanOutWorker.name);
  private readonly queued = new Set<bigint>();
  private running: Promise<void> | undefined;
  private subscription: Subscription | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(PRIMARY_DATABASE) private readonly database: Database,
    private readonly transactions: TransactionRunner,
    private readonly projector: ReadModelProjector,
    private readonly shardMap: ShardMap,
    private readonly broker: ViewChangeBroker,
    private readonly eventBus: EventBus,
    private readonly metrics: GatewayMetrics,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.eventBus.subscribe((event) => {
      if (event instanceof MessageSent && fansOutAfterCommit(event)) this.queue([event.channelId]);
    });
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS).unref();
    void this.sweep();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    clearInterval(this.sweeper);
    await this.running;
  }

  /** Resolves once every deferred fan-out committed so far has been applied (tests, operators). */
  async drain(): Promise<void> {
    await this.sweep();
    while (this.running) await this.running;
  }

  /**
   * On a connection of its own, outside the pool: the sweep runs whatever requests are doing,
   * and must not be counted as one of their statements.
   */
  private async sweep(): Promise<void> {
    try {
      const rows = await this.database.withSession((run) =>
        run('SELECT DISTINCT channel_id::text AS channel_id FROM deferred_message_fan_out'));
      this.queue(rows.rows.map((row) => BigInt(String(row.channel_id))));
    } catch (error) {
      if (!this.stopped) this.logger.warn(`deferred fan-out sweep failed: ${String(error)}`);
    }
  }

  private queue(channelIds: readonly bigint[]): void {
    for (const id of channelIds) this.queued.add(id);
    this.run();
  }

  private run(): void {
    if (this.running || this.stopped) return;
    this.running = this.runQueued().finally(() => {
      this.running = undefined;
      // Queued after the loop had passed its last channel.
      if (this.queued.size > 0) this.run();
    });
  }

  private async runQueued(): Promise<void> {
    for (const channelId of this.queued) {
      this.queued.delete(channelId);
      if (this.stopped) return;
      try {
        await this.catchUp(channelId);
      } catch (error) {
        // Left in deferred_message_fan_out: the next sweep tries again.
        this.logger.error(`deferred fan-out of channel ${channelId} failed: ${String(error)}`);
      }
    }
  }

  private async catchUp(channelId: bigint): Promise<void> {
    const prisma = this.database.prisma;
    const [covered] = await prisma.$queryRaw<{ up_to: bigint | null; since: bigint | null }[]>`
      SELECT max(message_id) AS up_to, min(created_at) AS since FROM deferred_message_fan_out WHERE channel_id = ${channelId}`;
    if (!covered?.up_to) return;
    const members = await prisma.channelMember.findMany({ where: { channelId, leftAt: 0n }, select: { userId: true } });
    for (const owners of ownersByWindow(this.projector.shards, members.map((m) => m.userId))) {
      await this.transactions.run(async (tx) => {
        // A shard move's switch waits for this window, or this window for the switch.
        await this.shardMap.followInTransaction(tx);
        await catchUpMemberRows({ tx, shards: this.projector.shards }, channelId, owners);
      });
      this.broker.publish(owners);
    }
    await prisma.$executeRaw`
      DELETE FROM deferred_message_fan_out WHERE channel_id = ${channelId} AND message_id <= ${covered.up_to}`;
    this.metrics.deferredFanOutDelay.observe(Number(this.clock.now() - (covered.since ?? 0n)) / 1000);
  }
}
