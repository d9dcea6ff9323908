import { Prisma } from '../database/generated/prisma/client.js';
import { shardTables } from '../sharding/shard-router.js';
import { clockCte } from './view-clock.js';
import type { ViewWrite } from './view-shards.js';

export type ViewName = 'conversationView' | 'contactView';

/**
 * Updates the rows of `ownerIds` in one view (those whose shard is here): one statement per shard, each row getting its
 * owner's next version. `set` and `where` are SQL over the row alias `v`.
 */
export async function updateViewRows(
  { tx, shards }: ViewWrite,
  view: ViewName,
  ownerIds: Iterable<bigint>,
  set: Prisma.Sql,
  where: Prisma.Sql,
): Promise<void> {
  for (const [shard, owners] of shards.group(ownerIds)) {
    await tx.$executeRaw(Prisma.sql`
      WITH ${clockCte(shard, owners)}
      UPDATE ${shardTables[view](shard)} AS v SET ${set}, version = clock.version
      FROM clock
      WHERE v.user_id = clock.user_id AND ${where}`);
  }
}
