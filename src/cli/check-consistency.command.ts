import { readDatabaseSettings } from '../config/database-settings.js';
import { openDatabase } from '../database/database.js';
import { checkConsistency } from '../ops/consistency/consistency-check.js';
import { recordConsistencyRun } from '../ops/consistency/consistency-run.js';
import { shardsOf } from '../ops/owner-batches.js';
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

export async function checkConsistencyCommand(options: Options): Promise<void> {
  const database = await openDatabase(readDatabaseSettings());
  try {
    const selection = { shard: options.shard, userId: options.user, samplePercent: options.sample };
    const shards = new Set<number>();
    const bar = progressBar(shardsOf(selection).length, 'shards', Boolean(options.json));
    const report = await checkConsistency(database, {
      ...selection,
      repair: options.repair,
      onBatch: ({ shard }) => {
        if (!shards.has(shard)) bar.tick(1);
        shards.add(shard);
      },
    });
    bar.stop();
    if (options.shard === undefined && options.user === undefined) await recordConsistencyRun(database, report, Boolean(options.repair));
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
  } finally {
    await database.close();
  }
}

