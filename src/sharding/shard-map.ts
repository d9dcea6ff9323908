import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../database/database.js';
import { PRIMARY_DATABASE } from '../database/database.tokens.js';
import { groupByShard, type ShardNumber } from './shard-router.js';

/**
 * Which physical database holds each logical shard. Today every shard lives in the primary
 * database; placing shards elsewhere changes this map only, never the shard numbers.
 */
@Injectable()
export class ShardMap {
  constructor(@Inject(PRIMARY_DATABASE) private readonly primary: Database) {}

  databaseFor(_shard: ShardNumber): Database {
    return this.primary;
  }

  /** Every physical database of the map, by name (what readiness checks). */
  databases(): Array<{ name: string; database: Database }> {
    return [{ name: 'primary', database: this.primary }];
  }

  /** Owners grouped per database, then per shard (one statement per group). */
  groupByDatabase(userIds: Iterable<bigint>): Array<[Database, Array<[ShardNumber, bigint[]]>]> {
    const groups = new Map<Database, Array<[ShardNumber, bigint[]]>>();
    for (const [shard, ids] of groupByShard(userIds)) {
      const database = this.databaseFor(shard);
      groups.set(database, [...(groups.get(database) ?? []), [shard, ids]]);
    }
    return [...groups.entries()];
  }
}
