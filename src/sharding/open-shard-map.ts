import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../config/configuration-error.js';
import type { DatabaseSettings } from '../config/database-settings.js';
import { positiveInteger } from '../config/environment-values.js';
import { openDatabase, type Database } from '../database/database.js';
import { migrateToLatest } from '../database/migrations.js';
import { parseShardMap } from './shard-map-file.js';
import { ShardMap } from './shard-map.js';

/**
 * The shard map of SHARD_MAP_FILE (validated before anything is opened), with every database it
 * names opened and migrated; without a file, every shard on the primary. The views of shards
 * placed outside the primary are kept by `hermet project` (src/projector), not by the gateway.
 * The shards `hermet shards move` moved override the file's placement, re-read every
 * PLACEMENT_REFRESH_MS (and by every command, see ShardMap.followInTransaction).
 */
export async function openShardMap(
  shardMapFile: string | undefined,
  settings: DatabaseSettings,
  primary: Database,
  refreshMs = positiveInteger(process.env, 'PLACEMENT_REFRESH_MS', 1_000),
): Promise<ShardMap> {
  if (!shardMapFile) return new ShardMap(primary);
  if (primary.kind === 'embedded') throw new ConfigurationError('SHARD_MAP_FILE needs DATABASE_URL: the embedded database is one database');
  const placement = parseShardMap(await readShardMapFile(shardMapFile), shardMapFile);
  const others = new Map<string, Database>();
  try {
    for (const [name, url] of placement.databaseUrls) {
      const database = await openDatabase({ ...settings, databaseUrl: url });
      others.set(name, database);
      await migrateToLatest(database);
    }
  } catch (error) {
    await Promise.all([...others.values()].map((database) => database.close()));
    throw error;
  }
  const shards = new ShardMap(primary, placement, others);
  try {
    await shards.refresh();
  } catch (error) {
    await shards.close();
    throw error;
  }
  shards.follow(refreshMs);
  return shards;
}

async function readShardMapFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`SHARD_MAP_FILE ${path} cannot be read: ${(error as Error).message}`);
  }
}
