import { readDatabaseSettings } from '../config/database-settings.js';
import { ConfigurationError } from '../config/configuration-error.js';
import { openDatabase } from '../database/database.js';
import { shardsOf } from '../ops/owner-batches.js';
import { rebuildReadModels } from '../ops/rebuild/rebuild-read-models.js';
import { openShardMap } from '../sharding/open-shard-map.js';
import type { ShardMap } from '../sharding/shard-map.js';
import { progressBar } from './progress.js';

/**
 * `hermet rebuild-read-models`: rewrites views and reverse indexes on the primary. It refuses
 * shards SHARD_MAP_FILE places on another database (their views are the projector's: `hermet
 * check-consistency --repair` rebuilds them through its path).
 */
export async function rebuildReadModelsCommand(options: { shard?: number; resume?: boolean; json?: boolean }): Promise<void> {
  const settings = readDatabaseSettings();
  const database = await openDatabase(settings);
  try {
    await refuseProjectedShards(await openShardMap(process.env.SHARD_MAP_FILE || undefined, settings, database), options);
    const bar = progressBar(shardsOf(options).length, 'shards', Boolean(options.json));
    let lastShard = -1;
    const report = await rebuildReadModels(database, {
      shard: options.shard,
      resume: options.resume,
      onProgress: ({ shard }) => {
        if (shard !== lastShard) bar.tick(1);
        lastShard = shard;
      },
    });
    bar.stop();
    if (options.json) {
      console.log(JSON.stringify(report));
    } else {
      console.log(`shards rebuilt: ${report.shardsRebuilt} (skipped as already done: ${report.shardsSkipped})`);
      console.log(`rows written: ${report.rowsWritten} in ${report.seconds.toFixed(1)} s (${report.rowsPerSecond.toFixed(0)} rows/s)`);
    }
  } finally {
    await database.close();
  }
}

async function refuseProjectedShards(shardMap: ShardMap, selection: { shard?: number }): Promise<void> {
  try {
    const elsewhere = shardsOf(selection).filter((shard) => !shardMap.isOnPrimary(shard));
    if (elsewhere.length > 0) {
      throw new ConfigurationError(
        `rebuild-read-models writes views on the primary only, and SHARD_MAP_FILE places ${elsewhere.length} of the selected shards ` +
          `(first: ${elsewhere[0]}) on ${shardMap.databaseNameFor(elsewhere[0])}: rebuild those with \`hermet check-consistency --repair\` ` +
          '(the projector\'s path), or select a shard on the primary with --shard',
      );
    }
  } finally {
    await shardMap.close();
  }
}
