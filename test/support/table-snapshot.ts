import type { Database } from '../../src/database/database.js';

/** Every table a command may write: the write side, the read side (all shards) and the outbox. */
export const ALL_TABLES = [
  'user',
  'channel',
  'channel_member',
  'friendship',
  'friend_request',
  'message',
  'outbox',
  'conversation_reverse_index',
  'contact_reverse_index',
  'user_view_state',
  'user_conversation_view',
  'user_contact_view',
  'user_block',
  'deferred_message_fan_out',
  'deferred_profile_fan_out',
  'command_idempotency',
] as const;

export type TableSnapshot = Record<(typeof ALL_TABLES)[number], string[]>;

/** Every row of every table, as sorted JSON text: two snapshots are equal iff nothing changed. */
export async function snapshotTables(database: Database): Promise<TableSnapshot> {
  const snapshot = {} as TableSnapshot;
  for (const table of ALL_TABLES) {
    const rows = await database.prisma.$queryRawUnsafe<{ row: string }[]>(
      `SELECT to_jsonb(t)::text AS row FROM "${table}" AS t ORDER BY 1`,
    );
    snapshot[table] = rows.map((r) => r.row);
  }
  return snapshot;
}

/** The rows added and removed per table between two snapshots (tables without change omitted). */
export function diffSnapshots(before: TableSnapshot, after: TableSnapshot) {
  const diff: Record<string, { added: unknown[]; removed: unknown[] }> = {};
  for (const table of ALL_TABLES) {
    const was = new Set(before[table]);
    const is = new Set(after[table]);
    const added = after[table].filter((row) => !was.has(row)).map((row) => JSON.parse(row));
    const removed = before[table].filter((row) => !is.has(row)).map((row) => JSON.parse(row));
    if (added.length || removed.length) diff[table] = { added, removed };
  }
  return diff;
}
