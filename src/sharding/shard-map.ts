import { Logger } from '@nestjs/common';
import { ConfigurationError } from '../config/configuration-error.js';
import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import { PRIMARY, singleDatabasePlacement, type ShardPlacement } from './shard-map-file.js';
import { readMovedShards, sharePlacementLock } from './shard-placement.js';
import { assertShard, groupByShard, type ShardNumber } from './shard-router.js';

/**
 * Which physical database holds each logical shard. By default every shard lives in the primary
 * database; placing shards elsewhere changes this map only, never the shard numbers. With other
 * databases named, the placement is the file's, overridden by the shards `hermet shards move`
 * moved (recorded on the primary): `refresh` follows those while the process runs.
 */
export class ShardMap {
  private readonly logger = new Logger('ShardMap');
  private readonly byName: ReadonlyMap<string, Database>;
  /** The file's placement; undefined without a shard map file (nothing can have moved). */
  private readonly filed: readonly string[] | undefined;
  private byShard: readonly Database[];
  private generation: bigint | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** `others`: the open databases of the placement's names other than the primary. */
  constructor(
    /** DATABASE_URL: the write side, the outbox, the reverse indexes. */
    readonly primary: Database,
    placement?: ShardPlacement,
    others: ReadonlyMap<string, Database> = new Map(),
  ) {
    this.byName = new Map([[PRIMARY, primary], ...others]);
    this.filed = placement?.shardDatabase;
    this.byShard = this.resolve((placement ?? singleDatabasePlacement()).shardDatabase);
  }

  /** Whether shards can move at all: the map names a database besides the primary. */
  get movable(): boolean {
    return this.byName.size > 1;
  }

  /** Whether the primary holds this shard's views (every shard does without a shard map). */
  isOnPrimary(shard: ShardNumber): boolean {
    return this.databaseFor(shard) === this.primary;
  }

  /** The databases other than the primary: the projector keeps their views. */
  projectedDatabases(): Array<{ name: string; database: Database }> {
    return this.databases().filter(({ database }) => database !== this.primary);
  }

  /** The map's name of the database holding `shard` (`primary` for DATABASE_URL). */
  databaseNameFor(shard: ShardNumber): string {
    const database = this.databaseFor(shard);
    return [...this.byName].find(([, d]) => d === database)![0];
  }

  databaseFor(shard: ShardNumber): Database {
    return this.byShard[assertShard(shard)];
  }

  /** The open database of a name of the map, if it has one. */
  databaseNamed(name: string): Database | undefined {
    return this.byName.get(name);
  }

  /** Every physical database of the map, by name (what readiness checks), the primary first. */
  databases(): Array<{ name: string; database: Database }> {
    return [...this.byName].map(([name, database]) => ({ name, database }));
  }

  /** Owners grouped per database, then per shard (one statement per group), shards ascending. */
  groupByDatabase(userIds: Iterable<bigint>): Array<[Database, Array<[ShardNumber, bigint[]]>]> {
    const groups = new Map<Database, Array<[ShardNumber, bigint[]]>>();
    for (const [shard, ids] of groupByShard(userIds)) {
      const database = this.databaseFor(shard);
      groups.set(database, [...(groups.get(database) ?? []), [shard, ids]]);
    }
    return [...groups.entries()];
  }

  /**
   * Follows the moves recorded on the primary (read through `db`, e.g. a transaction): one
   * single-row read when nothing moved since the last call. A move to a database this process's
   * shard map file does not name fails: the files of a deployment must agree.
   */
  async refresh(db: Pick<Transaction, '$queryRaw'> = this.primary.prisma): Promise<void> {
    if (!this.filed) return;
    const moved = await readMovedShards(db, this.generation);
    // A slower concurrent read of an older generation must not undo a newer one.
    if (!moved || (this.generation !== undefined && moved.generation < this.generation)) return;
    this.byShard = this.resolve(this.filed.map((name, shard) => moved.moves.get(shard as ShardNumber) ?? name));
    this.generation = moved.generation;
  }

  /**
   * A command's transaction, before it writes a view: orders it with a move's switch (see
   * shard-placement.ts) and follows the placement that holds at its commit.
   */
  async followInTransaction(tx: Transaction): Promise<void> {
    if (!this.movable) return;
    await sharePlacementLock(tx);
    await this.refresh(tx);
  }

  /** Refreshes every `intervalMs` (reads route by it) until `close`; a failed read keeps the last placement. */
  follow(intervalMs: number): void {
    if (!this.movable || this.timer) return;
    this.timer = setInterval(() => this.refresh().catch((error: Error) => this.logger.warn(`shard placement not re-read: ${error.message}`)), intervalMs);
    this.timer.unref();
  }

  /** Closes the databases the map opened (the primary belongs to its opener). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.projectedDatabases().map(({ database }) => database.close()));
  }

  private resolve(names: readonly string[]): Database[] {
    return names.map((name, shard) => {
      const database = this.byName.get(name);
      if (!database) throw new ConfigurationError(`shard ${shard} is placed on database "${name}", which is not open (the shard map file does not name it)`);
      return database;
    });
  }
}
