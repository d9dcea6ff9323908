import { createHash } from 'node:crypto';
import { Prisma } from '../../database/generated/prisma/client.js';
import { LOGICAL_SHARD_COUNT, shardTables, type ShardNumber } from '../../sharding/shard-router.js';

type Queryable = Pick<Prisma.TransactionClient, '$queryRaw' | '$executeRaw'>;

/** A table holding part of a shard's read side on its database. */
interface ShardTable {
  readonly name: string;
  readonly relation: Prisma.Sql;
  readonly key: readonly string[];
  /** The shard's rows of the table. */
  readonly scope: Prisma.Sql;
}

/** Row count and checksum of one table's rows of a shard. */
export interface TableDigest {
  readonly table: string;
  readonly rows: number;
  /** md5 over the rows in key order, each as jsonb text (so column order does not matter). */
  readonly md5: string;
}

const PAGE_ROWS = 2_000;
const EMPTY_MD5 = createHash('md5').update('').digest('hex');

/** Everything a database holds of a shard's read side: both views, the owners' view clocks and sync floors. */
function tablesOf(shard: ShardNumber): ShardTable[] {
  const whole = Prisma.sql`TRUE`;
  return [
    { name: 'user_conversation_view', relation: shardTables.conversationView(shard), key: ['user_id', 'channel_id'], scope: whole },
    { name: 'user_contact_view', relation: shardTables.contactView(shard), key: ['user_id', 'friend_id'], scope: whole },
    { name: 'user_view_state', relation: shardTables.viewState(shard), key: ['user_id'], scope: whole },
    { name: 'user_sync_floor', relation: Prisma.raw('user_sync_floor'), key: ['user_id'], scope: Prisma.sql`user_id % ${LOGICAL_SHARD_COUNT} = ${shard}` },
  ];
}

export async function shardDigest(db: Queryable, shard: ShardNumber): Promise<TableDigest[]> {
  const digests: TableDigest[] = [];
  for (const table of tablesOf(shard)) {
    const [row] = await db.$queryRaw<{ rows: bigint; md5: string | null }[]>`
      SELECT count(*) AS rows, md5(string_agg(to_jsonb(t)::text, E'\\n' ORDER BY ${keyColumns(table, 't.')})) AS md5
      FROM ${table.relation} AS t WHERE ${table.scope}`;
    digests.push({ table: table.name, rows: Number(row.rows), md5: row.md5 ?? EMPTY_MD5 });
  }
  return digests;
}

/**
 * Replaces the shard's rows on `target` with `source`'s exactly (versions, clocks and floors as
 * they are, so clients' incremental-sync versions stay valid), page by page in key order. Rows
 * travel as JSON text, never through a JS number. Answers the rows copied.
 */
export async function copyShard(source: Queryable, target: Queryable, shard: ShardNumber, onRows: (rows: number) => void = () => undefined): Promise<number> {
  let copied = 0;
  for (const table of tablesOf(shard)) {
    await target.$executeRaw`DELETE FROM ${table.relation} WHERE ${table.scope}`;
    for (let after: bigint[] | undefined; ; ) {
      const [page] = await source.$queryRaw<{ rows: string | null; count: bigint; last: string | null }[]>`
        SELECT json_agg(p)::text AS rows, count(*) AS count, max(ARRAY[${keyColumns(table)}])::text AS last FROM (
          SELECT * FROM ${table.relation} WHERE ${table.scope} AND ${after ? Prisma.sql`(${keyColumns(table)}) > (${Prisma.join(after.map((v) => Prisma.sql`${v}::bigint`))})` : Prisma.sql`TRUE`}
          ORDER BY ${keyColumns(table)} LIMIT ${PAGE_ROWS}) AS p`;
      if (page.count === 0n) break;
      await target.$executeRaw`INSERT INTO ${table.relation} SELECT * FROM jsonb_populate_recordset(NULL::${table.relation}, ${page.rows}::jsonb)`;
      copied += Number(page.count);
      onRows(Number(page.count));
      after = page.last!.replace(/[{}]/g, '').split(',').map(BigInt);
    }
  }
  return copied;
}

/** The tables whose digests differ (row count or checksum). */
export function differingTables(source: readonly TableDigest[], target: readonly TableDigest[]): string[] {
  return source.filter((s, i) => s.rows !== target[i]?.rows || s.md5 !== target[i]?.md5).map((s) => s.table);
}

function keyColumns(table: ShardTable, prefix = ''): Prisma.Sql {
  return Prisma.raw(table.key.map((c) => `${prefix}${c}`).join(', '));
}
