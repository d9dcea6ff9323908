import type pg from 'pg';
import { Prisma } from '../../database/generated/prisma/client.js';
import {
  CONTACT_VIEW_COLUMNS,
  CONVERSATION_VIEW_COLUMNS,
  expectedContactRows,
  expectedConversationRows,
} from '../../projections/view-recomputation.js';
import { runOnConnections } from './work-queue.js';

/**
 * The read side is not generated: it is computed from the seeded write side by the same queries
 * that define it for the consistency check (src/projections/view-recomputation.ts), so it cannot
 * disagree with it. Owners are split into id ranges so both cores work (a range, unlike a modulo,
 * is estimated well, so PostgreSQL picks hash joins). Every row is version 1.
 */
const SLICES = 2;

export function viewInserts(users: number): Prisma.Sql[] {
  const inserts: Prisma.Sql[] = [];
  for (let slice = 0; slice < SLICES; slice++) {
    const owners = (column: string) =>
      Prisma.raw(`${column} > ${Math.floor((users * slice) / SLICES)} AND ${column} <= ${Math.floor((users * (slice + 1)) / SLICES)}`);
    inserts.push(Prisma.sql`
      INSERT INTO user_conversation_view (${Prisma.raw(CONVERSATION_VIEW_COLUMNS.join(', '))}, version)
      SELECT ${Prisma.raw(CONVERSATION_VIEW_COLUMNS.join(', '))}, 1
      FROM (${expectedConversationRows(owners('cm.user_id'))}) AS e`);
    inserts.push(Prisma.sql`
      INSERT INTO user_contact_view (${Prisma.raw(CONTACT_VIEW_COLUMNS.join(', '))}, version)
      SELECT ${Prisma.raw(CONTACT_VIEW_COLUMNS.join(', '))}, 1
      FROM (${expectedContactRows(owners('f.user_id'))}) AS e`);
  }
  return inserts;
}

export async function buildViews(connections: readonly pg.Client[], users: number): Promise<void> {
  await runOnConnections(connections, viewInserts(users), async (connection, insert) => {
    await connection.query(insert.text, insert.values);
  });
}
