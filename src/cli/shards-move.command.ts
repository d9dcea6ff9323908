import { ConfigurationError } from '../config/configuration-error.js';
import { readDatabaseSettings } from '../config/database-settings.js';
import { openDatabase } from '../database/database.js';
import { moveShard, type ShardMoveReport } from '../ops/shard-move/move-shard.js';
import { readProjectorSettings } from '../projector/projector-settings.js';
import { openShardMap } from '../sharding/open-shard-map.js';
import { assertShard } from '../sharding/shard-router.js';
import { EXIT } from './exit-codes.js';

interface Options {
  lockWaitMs: number;
  timeoutMs: number;
  json?: boolean;
}

/**
 * `hermet shards move <shard> <database>` (see src/ops/shard-move/move-shard.ts). Progress lines
 * go to stderr (not with --json); exit 1 when the copy did not verify (nothing switched).
 */
export async function shardsMoveCommand(shard: number, database: string, options: Options): Promise<void> {
  const shardMapFile = process.env.SHARD_MAP_FILE || undefined;
  if (!shardMapFile) throw new ConfigurationError('hermet shards move needs SHARD_MAP_FILE: it names the databases a shard can move to');
  const settings = readDatabaseSettings();
  const primary = await openDatabase(settings);
  try {
    const shards = await openShardMap(shardMapFile, settings, primary);
    try {
      const say = (line: string) => options.json || console.error(`shard ${shard}: ${line}`);
      const report = await moveShard(shards, assertShard(shard), database, {
        lockWaitMs: options.lockWaitMs,
        timeoutMs: options.timeoutMs,
        batchSize: readProjectorSettings().batchSize,
        onStep: say,
      });
      print(report, Boolean(options.json));
      process.exitCode = report.switched ? EXIT.ok : EXIT.failure;
    } finally {
      await shards.close();
    }
  } finally {
    await primary.close();
  }
}

function print(report: ShardMoveReport, json: boolean): void {
  if (json) return console.log(JSON.stringify(report));
  for (const [i, source] of report.source.entries()) {
    const target = report.target[i];
    const same = source.rows === target.rows && source.md5 === target.md5;
    console.log(`${source.table}: ${source.rows} rows md5 ${source.md5} on ${report.from}, ${target.rows} rows md5 ${target.md5} on ${report.to} ${same ? 'OK' : 'MISMATCH'}`);
  }
  console.log(
    report.switched
      ? `shard ${report.shard} moved from ${report.from} to ${report.to}: ${report.rowsCopied} rows copied, ${report.caughtUpEvents} events caught up, commands held ${report.commandsHeldMs} ms; the copy on ${report.from} is kept (frozen)`
      : `shard ${report.shard} NOT moved: ${report.mismatched.join(', ')} differ after the copy; it stays on ${report.from}`,
  );
}
