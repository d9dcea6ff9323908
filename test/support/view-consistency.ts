import { Prisma } from '../../src/database/generated/prisma/client.js';
import type { Database } from '../../src/database/database.js';
import {
  CONTACT_VIEW_COLUMNS,
  CONVERSATION_VIEW_COLUMNS,
  differingConversationTotals,
  expectedContactReverseIndex,
  expectedContactRows,
  expectedConversationReverseIndex,
  expectedConversationRows,
} from '../../src/projections/view-recomputation.js';

export interface ViewDifferences {
  conversationViewMissingOrWrong: unknown[];
  conversationViewExtraOrWrong: unknown[];
  contactViewMissingOrWrong: unknown[];
  contactViewExtraOrWrong: unknown[];
  conversationReverseIndex: unknown[];
  contactReverseIndex: unknown[];
  /** Badge totals that differ from a recount of the view rows. */
  conversationTotals: unknown[];
  rowsOnTheWrongShard: unknown[];
}

/**
 * Compares every view row with its recomputation from the write side (SQL EXCEPT both ways).
 * All lists empty means the read side is exactly what the write side implies.
 */
export async function viewDifferences(database: Database): Promise<ViewDifferences> {
  const q = (sql: Prisma.Sql) => database.prisma.$queryRaw<unknown[]>(sql);
  const conversationColumns = Prisma.raw(CONVERSATION_VIEW_COLUMNS.join(', '));
  const contactColumns = Prisma.raw(CONTACT_VIEW_COLUMNS.join(', '));
  const actualConversations = Prisma.sql`SELECT ${conversationColumns} FROM user_conversation_view`;
  const expectedConversations = Prisma.sql`SELECT ${conversationColumns} FROM (${expectedConversationRows()}) AS e`;
  const actualContacts = Prisma.sql`SELECT ${contactColumns} FROM user_contact_view`;
  const expectedContacts = Prisma.sql`SELECT ${contactColumns} FROM (${expectedContactRows()}) AS e`;
  return {
    conversationViewMissingOrWrong: await q(Prisma.sql`${expectedConversations} EXCEPT ${actualConversations}`),
    conversationViewExtraOrWrong: await q(Prisma.sql`${actualConversations} EXCEPT ${expectedConversations}`),
    contactViewMissingOrWrong: await q(Prisma.sql`${expectedContacts} EXCEPT ${actualContacts}`),
    contactViewExtraOrWrong: await q(Prisma.sql`${actualContacts} EXCEPT ${expectedContacts}`),
    conversationReverseIndex: await q(Prisma.sql`
      (${expectedConversationReverseIndex} EXCEPT SELECT * FROM conversation_reverse_index)
      UNION ALL (SELECT * FROM conversation_reverse_index EXCEPT ${expectedConversationReverseIndex})`),
    contactReverseIndex: await q(Prisma.sql`
      (${expectedContactReverseIndex} EXCEPT SELECT * FROM contact_reverse_index)
      UNION ALL (SELECT * FROM contact_reverse_index EXCEPT ${expectedContactReverseIndex})`),
    conversationTotals: await q(differingConversationTotals()),
    rowsOnTheWrongShard: await q(Prisma.sql`
      SELECT tableoid::regclass::text AS partition, user_id FROM user_conversation_view
      WHERE tableoid::regclass::text <> 'user_conversation_view_' || (user_id % 256)
      UNION ALL
      SELECT tableoid::regclass::text, user_id FROM user_contact_view
      WHERE tableoid::regclass::text <> 'user_contact_view_' || (user_id % 256)`),
  };
}

export const NO_DIFFERENCES: ViewDifferences = {
  conversationViewMissingOrWrong: [],
  conversationViewExtraOrWrong: [],
  contactViewMissingOrWrong: [],
  contactViewExtraOrWrong: [],
  conversationReverseIndex: [],
  contactReverseIndex: [],
  conversationTotals: [],
  rowsOnTheWrongShard: [],
};

/** What shardViewDifferences answers when a database holds exactly what the write side implies (any row count). */
export const NO_SHARD_DIFFERENCES = {
  conversationViewMissingOrWrong: [],
  conversationViewExtraOrWrong: [],
  contactViewMissingOrWrong: [],
  contactViewExtraOrWrong: [],
};

/** Rows one database has and the other lacks (or has with other values), per view. */
export interface ShardViewDifferences {
  conversationViewMissingOrWrong: unknown[];
  conversationViewExtraOrWrong: unknown[];
  contactViewMissingOrWrong: unknown[];
  contactViewExtraOrWrong: unknown[];
  /** How many rows the write side implies for these shards (a comparison of nothing proves nothing). */
  expectedRows: number;
}

/**
 * Compares the views `holder` keeps for `shards` with their recomputation from the write side
 * on `primary`, every recomputed column: what a database of the shard map must hold.
 */
export async function shardViewDifferences(primary: Database, holder: Database, shards: readonly number[]): Promise<ShardViewDifferences> {
  const onShards = (column: string) => Prisma.sql`${Prisma.raw(column)} % 256 = ANY(${shards}::int[])`;
  const read = async (database: Database, sql: Prisma.Sql) => (await database.prisma.$queryRaw<object[]>(sql)).map((row) => JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  const conversationColumns = Prisma.raw(CONVERSATION_VIEW_COLUMNS.join(', '));
  const contactColumns = Prisma.raw(CONTACT_VIEW_COLUMNS.join(', '));
  const expectedConversations = await read(primary, Prisma.sql`SELECT ${conversationColumns} FROM (${expectedConversationRows(onShards('cm.user_id'))}) AS e`);
  const actualConversations = await read(holder, Prisma.sql`SELECT ${conversationColumns} FROM user_conversation_view WHERE ${onShards('user_id')}`);
  const expectedContacts = await read(primary, Prisma.sql`SELECT ${contactColumns} FROM (${expectedContactRows(onShards('f.user_id'))}) AS e`);
  const actualContacts = await read(holder, Prisma.sql`SELECT ${contactColumns} FROM user_contact_view WHERE ${onShards('user_id')}`);
  const missing = (from: string[], in_: string[]) => from.filter((row) => !new Set(in_).has(row)).map((row) => JSON.parse(row));
  return {
    conversationViewMissingOrWrong: missing(expectedConversations, actualConversations),
    conversationViewExtraOrWrong: missing(actualConversations, expectedConversations),
    contactViewMissingOrWrong: missing(expectedContacts, actualContacts),
    contactViewExtraOrWrong: missing(actualContacts, expectedContacts),
    expectedRows: expectedConversations.length + expectedContacts.length,
  };
}
