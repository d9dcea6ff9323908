import { Prisma } from '../database/generated/prisma/client.js';
import type { Transaction } from '../database/transaction.js';
import { groupByShard, shardTables } from '../sharding/shard-router.js';
import { clockCte } from './view-clock.js';

export type ViewName = 'conversationView' | 'contactView';

/**
 * Updates the rows of `ownerIds` in one view: one statement per shard, each row getting its
 * owner's next version. `set` and `where` are SQL over the row alias `v`.
 */
export async function updateViewRows(
  tx: Transaction,
  view: ViewName,
  ownerIds: Iterable<bigint>,
  set: Prisma.Sql,
  where: Prisma.Sql,
): Promise<void> {
  for (const [shard, owners] of groupByShard(ownerIds)) {
    await tx.$executeRaw(Prisma.sql`
      WITH ${clockCte(shard, owners)}
      UPDATE ${shardTables[view](shard)} AS v SET ${set}, version = clock.version
      FROM clock
      WHERE v.user_id = clock.user_id AND ${where}`);
  }
}
