import { once } from 'node:events';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { CopyTable } from './write-side-rows.js';

const CHUNK_BYTES = 1 << 20;

/**
 * Streams one table's rows into PostgreSQL with COPY FROM STDIN (text format); returns the row
 * count. The table must be empty: it is truncated in the same transaction so that COPY can
 * FREEZE the rows. Frozen rows are written all-visible in the visibility map (PostgreSQL 14+),
 * so index-only scans (list counts, unread totals) skip the table without a VACUUM afterwards,
 * and no later reader rewrites every page to set hint bits. Everything is WAL-logged as usual:
 * durability is that of any committed COPY.
 */
export async function copyTable(client: pg.PoolClient | pg.Client, table: CopyTable): Promise<number> {
  if (table.partitioned) return streamRows(client, table, '');
  await client.query('BEGIN');
  try {
    await client.query(`TRUNCATE ${table.table}`);
    const rows = await streamRows(client, table, 'WITH (FREEZE)');
    await client.query('COMMIT');
    return rows;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function streamRows(client: pg.PoolClient | pg.Client, table: CopyTable, options: string): Promise<number> {
  const stream = client.query(copyStreams.from(`COPY ${table.table} (${table.columns.join(', ')}) FROM STDIN ${options}`));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let rows = 0;
  let chunk: string[] = [];
  let bytes = 0;
  for (const line of table.rows()) {
    chunk.push(line);
    bytes += line.length;
    rows++;
    if (bytes >= CHUNK_BYTES) {
      if (!stream.write(chunk.join(''))) await once(stream, 'drain');
      chunk = [];
      bytes = 0;
    }
  }
  stream.end(chunk.join(''));
  await finished;
  return rows;
}
