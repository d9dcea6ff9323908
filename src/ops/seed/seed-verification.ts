import type pg from 'pg';
import { Prisma } from '../../database/generated/prisma/client.js';
import {
  CONTACT_VIEW_COLUMNS,
  CONVERSATION_VIEW_COLUMNS,
  differingConversationTotals,
  expectedContactReverseIndex,
  expectedContactRows,
  expectedConversationReverseIndex,
  expectedConversationRows,
} from '../../projections/view-recomputation.js';
import { ownersOnTheirShards } from '../../sharding/shard-router.js';

/**
 * Proves the loaded read side equals its recomputation from the write side (SQL EXCEPT both
 * ways, as test/support/view-consistency.ts does), for the given owners or for everyone.
 * Returns the number of differing rows per check; all zero means consistent.
 */
export async function viewDifferenceCounts(client: pg.Client, owners: readonly number[] | 'all'): Promise<Record<string, number>> {
  const ids = owners === 'all' ? undefined : owners.map(BigInt);
  const only = (column: string) => (ids ? Prisma.sql`${Prisma.raw(column)} = ANY(${ids}::bigint[])` : Prisma.raw('TRUE'));
  // The views through their parents: pruned to the owners' shards.
  const onViews = (column: string) => (ids ? ownersOnTheirShards(ids, column) : Prisma.raw('TRUE'));
  const convColumns = Prisma.raw(CONVERSATION_VIEW_COLUMNS.join(', '));
  const contactColumns = Prisma.raw(CONTACT_VIEW_COLUMNS.join(', '));
  const actualConversations = Prisma.sql`SELECT ${convColumns} FROM user_conversation_view WHERE ${onViews('user_id')}`;
  const expectedConversations = Prisma.sql`SELECT ${convColumns} FROM (${expectedConversationRows(only('cm.user_id'))}) AS e`;
  const actualContacts = Prisma.sql`SELECT ${contactColumns} FROM user_contact_view WHERE ${onViews('user_id')}`;
  const expectedContacts = Prisma.sql`SELECT ${contactColumns} FROM (${expectedContactRows(only('f.user_id'))}) AS e`;
  const convIndex = Prisma.sql`SELECT * FROM (${expectedConversationReverseIndex}) AS e WHERE ${only('owner_user_id')}`;
  const contactIndex = Prisma.sql`SELECT * FROM (${expectedContactReverseIndex}) AS e WHERE ${only('owner_user_id')}`;
  const checks: Record<string, Prisma.Sql> = {
    conversationViewMissingOrWrong: Prisma.sql`${expectedConversations} EXCEPT ${actualConversations}`,
    conversationViewExtraOrWrong: Prisma.sql`${actualConversations} EXCEPT ${expectedConversations}`,
    contactViewMissingOrWrong: Prisma.sql`${expectedContacts} EXCEPT ${actualContacts}`,
    contactViewExtraOrWrong: Prisma.sql`${actualContacts} EXCEPT ${expectedContacts}`,
    conversationReverseIndex: Prisma.sql`(${convIndex} EXCEPT SELECT * FROM conversation_reverse_index WHERE ${only('owner_user_id')})
      UNION ALL (SELECT * FROM conversation_reverse_index WHERE ${only('owner_user_id')} EXCEPT ${convIndex})`,
    contactReverseIndex: Prisma.sql`(${contactIndex} EXCEPT SELECT * FROM contact_reverse_index WHERE ${only('owner_user_id')})
      UNION ALL (SELECT * FROM contact_reverse_index WHERE ${only('owner_user_id')} EXCEPT ${contactIndex})`,
    conversationTotals: differingConversationTotals(ids),
    viewClockBehindRows: Prisma.sql`
      SELECT 1 FROM user_conversation_view v LEFT JOIN user_view_state s ON s.user_id = v.user_id
      WHERE ${onViews('v.user_id')} AND (s.version IS NULL OR s.version < v.version)`,
  };
  const counts: Record<string, number> = {};
  for (const [name, sql] of Object.entries(checks)) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql.text}) AS d`, sql.values);
    counts[name] = Number(rows[0].n);
  }
  return counts;
}
