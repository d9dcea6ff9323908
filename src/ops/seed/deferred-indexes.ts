import type pg from 'pg';

/**
 * Bulk loading is several times faster into tables without indexes, so the seed drops the
 * indexes and key constraints of the big tables first and re-creates them afterwards, from the
 * definitions PostgreSQL itself reports (same names, same definitions: the final schema is
 * exactly the migrated one).
 *
 * A view's index is re-created the way `CREATE INDEX` on a partitioned table would, but split up:
 * an invalid index ON ONLY the parent, then each partition's own index (under its old name) as a
 * separate job, then ATTACH PARTITION, which makes the parent's index valid once all are attached.
 * That lets each partition's indexes be built as soon as that partition is loaded, on whichever
 * connection loaded it; a single CREATE INDEX on the parent builds all 256 on one connection.
 */
export interface DeferredIndexes {
  /** Empty, invalid parent indexes of the views: run first (instant). */
  readonly parents: string[];
  /**
   * What re-creates the keys and indexes of each table and view partition (by name, as COPY
   * names it), in order on one connection; two tables' statements may run at once.
   */
  readonly byTable: ReadonlyMap<string, string[]>;
  /** Run after every table's statements: attaches each partition's index to its parent's index. */
  readonly attach: string[];
}

const WRITE_SIDE = ['channel', 'channel_member', 'friendship', 'message', 'conversation_reverse_index', 'contact_reverse_index'];
const VIEWS = ['user_conversation_view', 'user_contact_view'];

interface Constraint { relation: string; name: string; definition: string; parent: string }
interface Index { name: string; definition: string; relation: string }
interface PartitionIndex extends Index { parentIndex: string }

export async function dropIndexesForBulkLoad(client: pg.Client): Promise<DeferredIndexes> {
  const tables = [...WRITE_SIDE, ...VIEWS];
  // Key constraints of the tables and of every view partition (a partition has its own key).
  const { rows: constraints } = await client.query<Constraint>(`
    SELECT c.conrelid::regclass::text AS relation, c.conname AS name, pg_get_constraintdef(c.oid) AS definition,
           COALESCE(i.inhparent::regclass::text, c.conrelid::regclass::text) AS parent
    FROM pg_constraint c LEFT JOIN pg_inherits i ON i.inhrelid = c.conrelid
    WHERE c.contype IN ('p', 'u')
      AND COALESCE(i.inhparent::regclass::text, c.conrelid::regclass::text) = ANY($1)`, [tables]);
  // Other indexes, declared on the tables or on the view parents (which cascade to partitions).
  const { rows: indexes } = await client.query<Index>(`
    SELECT x.indexrelid::regclass::text AS name, pg_get_indexdef(x.indexrelid) AS definition, x.indrelid::regclass::text AS relation
    FROM pg_index x
    WHERE x.indrelid::regclass::text = ANY($1)
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`, [tables]);
  // The partitions' own copies of the view indexes, with the names the migrations gave them.
  const { rows: partitionIndexes } = await client.query<PartitionIndex>(`
    SELECT i.inhrelid::regclass::text AS name, pg_get_indexdef(i.inhrelid) AS definition,
           x.indrelid::regclass::text AS relation, i.inhparent::regclass::text AS "parentIndex"
    FROM pg_inherits i JOIN pg_index x ON x.indexrelid = i.inhrelid
    WHERE i.inhparent::regclass::text = ANY($1)`, [indexes.filter((x) => VIEWS.includes(x.relation)).map((x) => x.name)]);
  for (const c of constraints) await client.query(`ALTER TABLE ${c.relation} DROP CONSTRAINT ${quote(c.name)}`);
  for (const x of indexes) await client.query(`DROP INDEX ${x.name}`);
  const byTable = new Map<string, string[]>();
  const add = (relation: string, statement: string) => byTable.set(relation, [...(byTable.get(relation) ?? []), statement]);
  // Keys first: a table's primary key is what its other indexes are usually checked against.
  for (const c of constraints) add(c.relation, `ALTER TABLE ${c.relation} ADD CONSTRAINT ${quote(c.name)} ${c.definition}`);
  for (const x of [...indexes.filter((x) => WRITE_SIDE.includes(x.relation)), ...partitionIndexes]) add(x.relation, x.definition);
  return {
    parents: indexes.filter((x) => VIEWS.includes(x.relation)).map((x) => onlyTheParent(x.definition)),
    byTable,
    attach: partitionIndexes.map((x) => `ALTER INDEX ${x.parentIndex} ATTACH PARTITION ${x.name}`),
  };
}

/** pg_get_indexdef of a partitioned index already says ON ONLY; made explicit in case a version does not. */
function onlyTheParent(definition: string): string {
  return definition.includes(' ON ONLY ') ? definition : definition.replace(/ ON (\S+) USING /, ' ON ONLY $1 USING ');
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
