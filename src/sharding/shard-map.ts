import type { Database } from '../database/database.js';
import { PRIMARY, singleDatabasePlacement, type ShardPlacement } from './shard-map-file.js';
import { assertShard, groupByShard, type ShardNumber } from './shard-router.js';

/**
 * Which physical database holds each logical shard. By default every shard lives in the primary
 * database; placing shards elsewhere changes this map only, never the shard numbers.
 */
export class ShardMap {
  private readonly byName: ReadonlyMap<string, Database>;
  private readonly byShard: readonly Database[];

  /** `others`: the open databases of the placement's names other than the primary. */
  constructor(
    /** DATABASE_URL: the write side, the outbox, the reverse indexes. */
    readonly primary: Database,
    placement: ShardPlacement = singleDatabasePlacement(),
    others: ReadonlyMap<string, Database> = new Map(),
  ) {
    this.byName = new Map([[PRIMARY, primary], ...others]);
    this.byShard = placement.shardDatabase.map((name) => {
      const database = this.byName.get(name);
      if (!database) throw new Error(`shard map names database "${name}", which is not open`);
      return database;
    });
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

  /** Closes the databases the map opened (the primary belongs to its opener). */
  async close(): Promise<void> {
    await Promise.all(this.projectedDatabases().map(({ database }) => database.close()));
  }
}
