import type { Database } from '../../database/database.js';
import { Prisma } from '../../database/generated/prisma/client.js';
import { rewriteFromWriteSide } from '../../projections/recomputed-rows.js';
import {
  CONTACT_VIEW_COLUMNS,
  CONVERSATION_VIEW_COLUMNS,
  expectedContactReverseIndex,
  expectedContactRows,
  expectedConversationReverseIndex,
  expectedConversationRows,
} from '../../projections/view-recomputation.js';
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
 * from the write side and compares field by field. Each batch is read in one repeatable-read
 * snapshot (so a command committing meanwhile cannot fake a difference) and takes no locks.
 */
export async function checkConsistency(database: Database, options: CheckOptions = {}): Promise<ConsistencyReport> {
  let rowsChecked = 0;
  let rowsConsistent = 0;
  let ownersRepaired = 0;
  const differences: ViewDifference[] = [];
  for await (const batch of ownerBatches(database, options)) {
    const result = await checkBatch(database, batch);
    rowsChecked += result.checked;
    rowsConsistent += result.consistent;
    differences.push(...result.differences);
    if (options.repair && result.differences.length > 0) ownersRepaired += await repair(database, batch.shard, result.differences);
    options.onBatch?.(batch);
  }
  const percentConsistent = rowsChecked === 0 ? 100 : (rowsConsistent / rowsChecked) * 100;
  return { rowsChecked, rowsConsistent, percentConsistent, differences, ownersRepaired };
}

async function checkBatch(database: Database, { shard, ownerIds }: OwnerBatch) {
  return database.prisma.$transaction(
    async (tx) => {
      const owners = Prisma.sql`${ownerIds}::bigint[]`;
      const read = (sql: Prisma.Sql) => tx.$queryRaw<Record<string, unknown>[]>(sql);
      const conversationColumns = Prisma.raw(CONVERSATION_VIEW_COLUMNS.join(', '));
      const contactColumns = Prisma.raw(CONTACT_VIEW_COLUMNS.join(', '));
      const results = [
        compareRows(
          'user_conversation_view',
          ['user_id', 'channel_id'],
          await read(Prisma.sql`SELECT ${conversationColumns} FROM (${expectedConversationRows(Prisma.sql`cm.user_id = ANY(${owners})`)}) AS e`),
          await read(Prisma.sql`SELECT ${conversationColumns} FROM ${shardTables.conversationView(shard)} WHERE user_id = ANY(${owners})`),
        ),
        compareRows(
          'user_contact_view',
          ['user_id', 'friend_id'],
          await read(Prisma.sql`SELECT ${contactColumns} FROM (${expectedContactRows(Prisma.sql`f.user_id = ANY(${owners})`)}) AS e`),
          await read(Prisma.sql`SELECT ${contactColumns} FROM ${shardTables.contactView(shard)} WHERE user_id = ANY(${owners})`),
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

/** Rewrites exactly the owners that showed a difference, through the shared recomputation. */
async function repair(database: Database, shard: ShardNumber, differences: ViewDifference[]): Promise<number> {
  const owners = [...new Set(differences.map((d) => ownerOf(d.key)))].sort((a, b) => (a < b ? -1 : 1));
  await database.prisma.$transaction((tx) => rewriteFromWriteSide(tx, shard, owners));
  return owners.length;
}

function ownerOf(key: string): bigint {
  const match = /(?:^|,)(?:user_id|owner_user_id)=(\d+)/.exec(key);
  if (!match) throw new Error(`no owner in row key ${key}`);
  return BigInt(match[1]);
}
