import { readDatabaseSettings } from '../config/database-settings.js';
import { openDatabase } from '../database/database.js';
import { shardsOf } from '../ops/owner-batches.js';
import { rebuildReadModels } from '../ops/rebuild/rebuild-read-models.js';
import { progressBar } from './progress.js';

export async function rebuildReadModelsCommand(options: { shard?: number; resume?: boolean; json?: boolean }): Promise<void> {
  const database = await openDatabase(readDatabaseSettings());
  try {
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
