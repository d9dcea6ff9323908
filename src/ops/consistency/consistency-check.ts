import type { Database } from '../../database/database.js';
import { Prisma } from '../../database/generated/prisma/client.js';
import { rewriteProjectedRows } from '../../projector/database-projector.js';
import { recountConversationTotals, rewriteFromWriteSide, rewriteReverseIndexes } from '../../projections/recomputed-rows.js';
import {
  CONTACT_VIEW_COLUMNS,
  CONVERSATION_TOTALS_KEY,
  CONVERSATION_VIEW_COLUMNS,
  expectedContactReverseIndex,
  expectedContactRows,
  expectedConversationReverseIndex,
  expectedConversationRows,
  keptConversationTotals,
  recountedConversationTotals,
} from '../../projections/view-recomputation.js';
import { ShardMap } from '../../sharding/shard-map.js';
import { shardTables, type ShardNumber } from '../../sharding/shard-router.js';
import { ownerBatches, type OwnerBatch, type OwnerSelection } from '../owner-batches.js';
import { compareRows, type ViewDifference } from './view-difference.js';

export interface ConsistencyReport {
  readonly rowsChecked: number;
  readonly rowsConsistent: number;
  /** rowsConsistent / rowsChecked, as a percentage (100 when nothing was checked). */
  readonly percentConsistent: number;
  readonly differences: ViewDifference[];
  /** Owners whose read side `repair` rewrote from the write side. */
  readonly ownersRepaired: number;
}

export interface CheckOptions extends OwnerSelection {
  readonly repair?: boolean;
  readonly onBatch?: (batch: OwnerBatch) => void;
}

/**
 * Recomputes every conversation-view, contact-view and reverse-index row of the selected owners
 * from the write side (on the primary) and compares field by field with the views where the
 * shard map places them (a lone database: every shard on it); and the owners' badge totals with a
 * recount of their view rows there. Each batch's primary reads share one repeatable-read snapshot
 * (so a command committing meanwhile cannot fake a difference) and take no locks; views on another
 * database are read in their own snapshot there, so rows the projector has not applied yet show
 * as differences (check when its lag is 0).
 */
export async function checkConsistency(placement: Database | ShardMap, options: CheckOptions = {}): Promise<ConsistencyReport> {
  const shards = placement instanceof ShardMap ? placement : new ShardMap(placement);
  let rowsChecked = 0;
  let rowsConsistent = 0;
  let ownersRepaired = 0;
  const differences: ViewDifference[] = [];
  for await (const batch of ownerBatches(shards.primary, options, (shard) => shards.databaseFor(shard))) {
    const result = await checkBatch(shards, batch);
    rowsChecked += result.checked;
    rowsConsistent += result.consistent;
    differences.push(...result.differences);
    if (options.repair && result.differences.length > 0) ownersRepaired += await repair(shards, batch.shard, result.differences);
    options.onBatch?.(batch);
  }
  const percentConsistent = rowsChecked === 0 ? 100 : (rowsConsistent / rowsChecked) * 100;
  return { rowsChecked, rowsConsistent, percentConsistent, differences, ownersRepaired };
}

async function checkBatch(shards: ShardMap, batch: OwnerBatch) {
  const holder = shards.databaseFor(batch.shard);
  return shards.primary.prisma.$transaction(
    async (tx) => {
      const owners = Prisma.sql`${batch.ownerIds}::bigint[]`;
      const read = (sql: Prisma.Sql) => tx.$queryRaw<Record<string, unknown>[]>(sql);
      const actual = await viewRows(holder === shards.primary ? tx : holder.prisma, batch);
      const results = [
        compareRows(
          'user_conversation_view',
          ['user_id', 'channel_id'],
          await read(Prisma.sql`SELECT ${CONVERSATION_COLUMNS} FROM (${expectedConversationRows(Prisma.sql`cm.user_id = ANY(${owners})`)}) AS e`),
          actual.conversations,
        ),
        compareRows(
          'user_contact_view',
          ['user_id', 'friend_id'],
          await read(Prisma.sql`SELECT ${CONTACT_COLUMNS} FROM (${expectedContactRows(Prisma.sql`f.user_id = ANY(${owners})`)}) AS e`),
          actual.contacts,
        ),
        compareRows(
          'conversation_reverse_index',
          ['peer_user_id', 'owner_user_id', 'channel_id'],
          await read(Prisma.sql`SELECT * FROM (${expectedConversationReverseIndex}) AS r WHERE owner_user_id = ANY(${owners})`),
          await read(Prisma.sql`SELECT * FROM conversation_reverse_index WHERE owner_user_id = ANY(${owners})`),
        ),
        compareRows(
          'contact_reverse_index',
          ['friend_user_id', 'owner_user_id'],
          await read(Prisma.sql`SELECT * FROM (${expectedContactReverseIndex}) AS r WHERE owner_user_id = ANY(${owners})`),
          await read(Prisma.sql`SELECT * FROM contact_reverse_index WHERE owner_user_id = ANY(${owners})`),
        ),
        compareRows('user_conversation_totals', CONVERSATION_TOTALS_KEY, actual.totals.recounted, actual.totals.kept),
      ];
      return {
        checked: results.reduce((sum, r) => sum + r.checked, 0),
        consistent: results.reduce((sum, r) => sum + r.consistent, 0),
        differences: results.flatMap((r) => r.differences),
      };
    },
    { isolationLevel: 'RepeatableRead' },
  );
}

const CONVERSATION_COLUMNS = Prisma.raw(CONVERSATION_VIEW_COLUMNS.join(', '));
const CONTACT_COLUMNS = Prisma.raw(CONTACT_VIEW_COLUMNS.join(', '));

/** The batch's view rows as they are on the database holding its shard, and their badge totals. */
async function viewRows(db: Pick<Prisma.TransactionClient, '$queryRaw'>, { shard, ownerIds }: OwnerBatch) {
  const owners = Prisma.sql`${ownerIds}::bigint[]`;
  const ofOwners = Prisma.sql`user_id = ANY(${owners})`;
  // Kept and recounted in one statement: one snapshot even on a database the projector writes to.
  const totals = await db.$queryRaw<Array<Record<string, unknown> & { side: 'kept' | 'recounted' }>>`
    SELECT 'kept' AS side, * FROM (${keptConversationTotals(ownerIds)}) AS k
    UNION ALL SELECT 'recounted', * FROM (${recountedConversationTotals(ownerIds)}) AS r`;
  const side = (name: 'kept' | 'recounted') => totals.filter((row) => row.side === name).map(({ side: _, ...row }) => row);
  return {
    conversations: await db.$queryRaw<Record<string, unknown>[]>`SELECT ${CONVERSATION_COLUMNS} FROM ${shardTables.conversationView(shard)} WHERE ${ofOwners}`,
    contacts: await db.$queryRaw<Record<string, unknown>[]>`SELECT ${CONTACT_COLUMNS} FROM ${shardTables.contactView(shard)} WHERE ${ofOwners}`,
    totals: { kept: side('kept'), recounted: side('recounted') },
  };
}

/**
 * Rewrites exactly the owners that showed a difference, through the shared recomputation. On the
 * primary that is the commands' rewrite (views and reverse indexes in one transaction); on a
 * projected database, the projector's path rewrites the differing view rows there, and the
 * reverse indexes (always on the primary) are rewritten on the primary.
 */
async function repair(shards: ShardMap, shard: ShardNumber, differences: ViewDifference[]): Promise<number> {
  const owners = unique(differences.map((d) => keyColumn(d.key, '(?:user_id|owner_user_id)')));
  // Rewritten view rows bring their totals along (the trigger); wrong totals need a recount.
  const totalsOwners = unique(differences.filter((d) => d.table === 'user_conversation_totals').map((d) => keyColumn(d.key, 'user_id')));
  if (shards.isOnPrimary(shard)) {
    await shards.primary.prisma.$transaction(async (tx) => {
      await rewriteFromWriteSide(tx, shard, owners);
      await recountConversationTotals(tx, shard, totalsOwners);
    });
    return owners.length;
  }
  const rowsOf = (table: string, other: string) =>
    differences.filter((d) => d.table === table).map((d) => [keyColumn(d.key, 'user_id'), keyColumn(d.key, other)] as const);
  const conversations = rowsOf('user_conversation_view', 'channel_id');
  const contacts = rowsOf('user_contact_view', 'friend_id');
  const clocks = unique([...conversations, ...contacts].map(([owner]) => owner));
  await rewriteProjectedRows(shards.primary, shards.databaseFor(shard), { conversations, contacts, clocks });
  await shards.databaseFor(shard).prisma.$transaction((tx) => recountConversationTotals(tx, shard, totalsOwners));
  if (differences.some((d) => d.table.endsWith('_reverse_index'))) {
    await shards.primary.prisma.$transaction((tx) => rewriteReverseIndexes(tx, Prisma.sql`${owners}::bigint[]`));
  }
  return owners.length;
}

/** The value of the column named by the pattern `column` in a row key (`user_id=1,channel_id=2`). */
function keyColumn(key: string, column: string): bigint {
  const match = new RegExp(`(?:^|,)${column}=(\\d+)`).exec(key);
  if (!match) throw new Error(`no ${column} in row key ${key}`);
  return BigInt(match[1]);
}

function unique(ids: readonly bigint[]): bigint[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
