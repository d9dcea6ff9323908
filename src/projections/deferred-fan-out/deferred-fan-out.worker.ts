import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import pMap from 'p-map';
import type { Subscription } from 'rxjs';
import type { Database } from '../../database/database.js';
import { PRIMARY_DATABASE } from '../../database/database.tokens.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { ViewChangeBroker } from '../../live/view-change-broker.js';
import { GatewayMetrics } from '../../observability/metrics.js';
import { ShardMap } from '../../sharding/shard-map.js';
import { Clock } from '../../time/clock.js';
import { ReadModelProjector } from '../read-model-projector.js';
import { ownersByWindow } from '../view-fan-out.js';
import type { DeferredFanOut, WindowWrite } from './deferred-fan-out.js';
import { LargeGroupMessageFanOut } from './large-group-messages.js';
import { PopularProfileFanOut } from './popular-profiles.js';

/**
 * How often every instance looks for deferred fan-outs nobody is running: those of an instance
 * that stopped or crashed between a send's commit and its fan-out, and those a failed catch-up
 * left.
 */
const SWEEP_INTERVAL_MS = 5_000;

/**
 * How many windows of one catch-up are written at once, each on its own connection: a
 * 10,000-row profile fan-out is CPU-bound in PostgreSQL, and one window at a time used one core.
 * That core went to the commands instead (a large group's sends: p50 ~35 % lower), but members
 * saw sends and nicknames 1.6-1.7x later (docs/benchmarks.md, 2026-12-07).
 */
const WINDOWS_AT_ONCE = 2;

/**
 * Runs the deferred fan-outs (deferred-fan-out.ts): large groups' messages and popular users'
 * profile changes, after the commands commit. A committed command names its key (a channel, a
 * user) here; keys are caught up one at a time, so the commands that commit while one catch-up
 * runs are all covered by the next: a busy group or a user changing their name again costs one
 * fan-out per catch-up, not one per command.
 *
 * Each window of 32 shards commits on its own, so an owner's other commands wait for one window
 * (tens of rows), never for the whole fan-out. The key's pending rows go only after every window
 * is done; a crash before that repeats the catch-up, which leaves rows already written alone.
 * Instances of a fleet may catch up the same key at once: the clock locks order them, and the
 * second finds nothing left to do.
 */
@Injectable()
export class DeferredFanOutWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeferredFanOutWorker.name);
  private readonly fanOuts: readonly DeferredFanOut[];
  /** By fan-out name and key: each key once, in the order first queued. */
  private readonly queued = new Map<string, { fanOut: DeferredFanOut; key: bigint }>();
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
    messages: LargeGroupMessageFanOut,
    profiles: PopularProfileFanOut,
  ) {
    this.fanOuts = [messages, profiles];
  }

  onApplicationBootstrap(): void {
    this.subscription = this.eventBus.subscribe((event) => {
      for (const fanOut of this.fanOuts) {
        const key = fanOut.keyOf(event);
        if (key !== undefined) this.queue(fanOut, [key]);
      }
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
      await this.database.withSession(async (run) => {
        for (const fanOut of this.fanOuts) {
          const pending = await run(fanOut.pendingKeys);
          this.queue(fanOut, pending.rows.map((row) => BigInt(String(row.key))));
        }
      });
    } catch (error) {
      if (!this.stopped) this.logger.warn(`deferred fan-out sweep failed: ${String(error)}`);
    }
  }

  private queue(fanOut: DeferredFanOut, keys: readonly bigint[]): void {
    for (const key of keys) this.queued.set(`${fanOut.name}:${key}`, { fanOut, key });
    this.run();
  }

  private run(): void {
    if (this.running || this.stopped) return;
    this.running = this.runQueued().finally(() => {
      this.running = undefined;
      // Queued after the loop had passed its last key.
      if (this.queued.size > 0) this.run();
    });
  }

  private async runQueued(): Promise<void> {
    for (const [id, { fanOut, key }] of this.queued) {
      this.queued.delete(id);
      if (this.stopped) return;
      try {
        const since = await fanOut.catchUp(key, (ownerIds, write) => this.inWindows(ownerIds, write));
        if (since !== undefined) this.metrics.deferredFanOutDelay.observe({ fan_out: fanOut.name }, Number(this.clock.now() - since) / 1000);
      } catch (error) {
        // Left pending: the next sweep tries again.
        this.logger.error(`deferred ${fanOut.name} fan-out of ${key} failed: ${String(error)}`);
      }
    }
  }

  /**
   * Windows have disjoint shards, so their transactions lock disjoint clocks: they can commit in
   * any order, and a command that locks clocks across windows (in shard order) waits for each
   * one at most, never in a cycle.
   */
  private async inWindows(ownerIds: readonly bigint[], write: WindowWrite): Promise<void> {
    const shards = this.projector.shards;
    await pMap(ownersByWindow(shards, ownerIds), async (owners) => {
      await this.transactions.run(async (tx) => {
        // A shard move's switch waits for this window, or this window for the switch.
        await this.shardMap.followInTransaction(tx);
        await write({ tx, shards }, owners);
      });
      this.broker.publish(owners);
    // A failed window fails the catch-up only once the other has finished: nothing of it runs on
    // after the worker has moved on (or stopped).
    }, { concurrency: WINDOWS_AT_ONCE, stopOnError: false });
  }
}
