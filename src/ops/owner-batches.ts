import type { Database } from '../database/database.js';
import { Prisma } from '../database/generated/prisma/client.js';
import { assertShard, shardTables, type ShardNumber } from '../sharding/shard-router.js';

export interface OwnerSelection {
  /** Only this logical shard (default: all 256). */
  readonly shard?: number;
  /** Only this user's read side. */
  readonly userId?: bigint;
  /** Only about this percentage of owners (0–100], picked deterministically by id. */
  readonly samplePercent?: number;
  readonly batchSize?: number;
}

export interface OwnerBatch {
  readonly shard: ShardNumber;
  readonly ownerIds: bigint[];
}

/**
 * The owners whose read side an operator walks, shard by shard in batches: every user of the
 * shard (on the primary), plus anyone who has view rows there without being a user (read where
 * `viewsOf` says the shard's views are), so such rows are found too.
 */
export async function* ownerBatches(
  primary: Database,
  selection: OwnerSelection,
  viewsOf: (shard: ShardNumber) => Database = () => primary,
): AsyncGenerator<OwnerBatch> {
  const batchSize = selection.batchSize ?? 500;
  for (const shard of shardsOf(selection)) {
    const owners = await ownersOnShard(primary, viewsOf(shard), shard, selection);
    for (let i = 0; i < owners.length; i += batchSize) yield { shard, ownerIds: owners.slice(i, i + batchSize) };
  }
}

export function shardsOf(selection: OwnerSelection): ShardNumber[] {
  if (selection.userId !== undefined) return [assertShard(Number(selection.userId % 256n))];
  if (selection.shard !== undefined) return [assertShard(selection.shard)];
  return Array.from({ length: 256 }, (_, shard) => assertShard(shard));
}

async function ownersOnShard(primary: Database, views: Database, shard: ShardNumber, selection: OwnerSelection): Promise<bigint[]> {
  const users = Prisma.sql`SELECT id FROM "user" WHERE id % 256 = ${shard}`;
  const viewOwners = Prisma.sql`SELECT user_id FROM ${shardTables.conversationView(shard)} UNION SELECT user_id FROM ${shardTables.contactView(shard)}`;
  if (views === primary) return selectedOwners(primary, Prisma.sql`${users} UNION ${viewOwners}`, selection);
  const both = [...(await selectedOwners(primary, users, selection)), ...(await selectedOwners(views, viewOwners, selection))];
  return [...new Set(both)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The ids `owners` lists that the selection keeps, ascending. */
async function selectedOwners(database: Database, owners: Prisma.Sql, selection: OwnerSelection): Promise<bigint[]> {
  const only = selection.userId === undefined ? Prisma.sql`TRUE` : Prisma.sql`id = ${selection.userId}`;
  // Knuth's multiplicative hash spreads a sample evenly over ids, and the same ids every run.
  const sampled =
    selection.samplePercent === undefined
      ? Prisma.sql`TRUE`
      : Prisma.sql`(id * 2654435761) % 10000 < ${Math.round(selection.samplePercent * 100)}`;
  const rows = await database.prisma.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM (${owners}) AS owners(id) WHERE ${only} AND ${sampled} ORDER BY id`;
  return rows.map((row) => row.id);
}
