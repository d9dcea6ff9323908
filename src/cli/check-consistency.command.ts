import { readDatabaseSettings } from '../config/database-settings.js';
import { openDatabase } from '../database/database.js';
import { checkConsistency } from '../ops/consistency/consistency-check.js';
import { recordConsistencyRun } from '../ops/consistency/consistency-run.js';
import { shardsOf } from '../ops/owner-batches.js';
import { openShardMap } from '../sharding/open-shard-map.js';
import type { ShardMap } from '../sharding/shard-map.js';
import { EXIT } from './exit-codes.js';
import { progressBar } from './progress.js';

interface Options {
  shard?: number;
  user?: bigint;
  repair?: boolean;
  sample?: number;
  threshold: number;
  json?: boolean;
}

/**
 * `hermet check-consistency`: expected rows from the primary's write side, views read where
 * SHARD_MAP_FILE places each shard, repairs written there (see consistency-check.ts).
 */
export async function checkConsistencyCommand(options: Options): Promise<void> {
  const settings = readDatabaseSettings();
  const database = await openDatabase(settings);
  try {
    const shardMap = await openShardMap(process.env.SHARD_MAP_FILE || undefined, settings, database);
    try {
      await checkAndReport(shardMap, options);
    } finally {
      await shardMap.close();
    }
  } finally {
    await database.close();
  }
}

async function checkAndReport(shardMap: ShardMap, options: Options): Promise<void> {
  const selection = { shard: options.shard, userId: options.user, samplePercent: options.sample };
  const shards = new Set<number>();
  const bar = progressBar(shardsOf(selection).length, 'shards', Boolean(options.json));
  const report = await checkConsistency(shardMap, {
    ...selection,
    repair: options.repair,
    onBatch: ({ shard }) => {
      if (!shards.has(shard)) bar.tick(1);
      shards.add(shard);
    },
  });
  bar.stop();
  if (options.shard === undefined && options.user === undefined) await recordConsistencyRun(shardMap.primary, report, Boolean(options.repair));
  const verdict = report.percentConsistent >= options.threshold ? 'PASS' : 'FAIL';
  if (options.json) {
    console.log(JSON.stringify({ ...report, threshold: options.threshold, verdict }));
  } else {
    for (const d of report.differences) console.log(`${d.table} [${d.key}] ${d.field}: expected ${d.expected}, actual ${d.actual}`);
    console.log(`rows checked: ${report.rowsChecked}`);
    console.log(`rows consistent: ${report.rowsConsistent} (${report.percentConsistent.toFixed(3)} %)`);
    if (options.repair) console.log(`owners repaired: ${report.ownersRepaired}`);
    console.log(`${verdict} (threshold ${options.threshold} %)`);
  }
  process.exitCode = verdict === 'PASS' ? EXIT.ok : EXIT.failure;
}
