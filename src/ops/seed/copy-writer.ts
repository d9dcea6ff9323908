import { once } from 'node:events';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { CopyTable } from './write-side-rows.js';

const CHUNK_BYTES = 1 << 20;

/** Streams one table's rows into PostgreSQL with COPY FROM STDIN (text format); returns the row count. */
export async function copyTable(client: pg.PoolClient | pg.Client, table: CopyTable): Promise<number> {
  const stream = client.query(copyStreams.from(`COPY ${table.table} (${table.columns.join(', ')}) FROM STDIN`));
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
