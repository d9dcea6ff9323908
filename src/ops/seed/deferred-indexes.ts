import type pg from 'pg';

/**
 * Bulk loading is several times faster into tables without indexes, so the seed drops the
 * indexes and key constraints of the big tables first and re-creates them afterwards, from the
 * definitions PostgreSQL itself reports (so the final schema is exactly the migrated one).
 */
export interface DeferredIndexes {
  /**
   * Statements that re-create them, in groups that can run concurrently. A view's statements stay
   * in one group: an index on a partitioned table names one index per partition, and two built at
   * once may pick the same name.
   */
  readonly groups: string[][];
}

const WRITE_SIDE = ['channel', 'channel_member', 'friendship', 'message', 'conversation_reverse_index', 'contact_reverse_index'];
const READ_SIDE = ['user_conversation_view', 'user_contact_view'];

export async function dropIndexesForBulkLoad(client: pg.Client): Promise<DeferredIndexes> {
  const tables = [...WRITE_SIDE, ...READ_SIDE];
  // Key constraints of the tables and of every view partition (a partition has its own key).
  const { rows: constraints } = await client.query<{ relation: string; name: string; definition: string; parent: string }>(`
    SELECT c.conrelid::regclass::text AS relation, c.conname AS name, pg_get_constraintdef(c.oid) AS definition,
           COALESCE(i.inhparent::regclass::text, c.conrelid::regclass::text) AS parent
    FROM pg_constraint c LEFT JOIN pg_inherits i ON i.inhrelid = c.conrelid
    WHERE c.contype IN ('p', 'u')
      AND COALESCE(i.inhparent::regclass::text, c.conrelid::regclass::text) = ANY($1)`, [tables]);
  // Other indexes, declared on the tables or on the view parents (which cascade to partitions).
  const { rows: indexes } = await client.query<{ name: string; definition: string; relation: string }>(`
    SELECT x.indexrelid::regclass::text AS name, pg_get_indexdef(x.indexrelid) AS definition, x.indrelid::regclass::text AS relation
    FROM pg_index x
    WHERE x.indrelid::regclass::text = ANY($1)
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`, [tables]);
  for (const c of constraints) await client.query(`ALTER TABLE ${c.relation} DROP CONSTRAINT ${quote(c.name)}`);
  for (const x of indexes) await client.query(`DROP INDEX ${x.name}`);
  const recreate = (inTables: string[]) => [
    ...constraints.filter((c) => inTables.includes(c.parent)).map((c) => `ALTER TABLE ${c.relation} ADD CONSTRAINT ${quote(c.name)} ${c.definition}`),
    ...indexes.filter((x) => inTables.includes(x.relation)).map((x) => x.definition.replace(' ON ONLY ', ' ON ')),
  ];
  // The views first: their groups are the longest.
  return { groups: [...READ_SIDE.map((view) => recreate([view])), ...recreate(WRITE_SIDE).map((statement) => [statement])] };
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
