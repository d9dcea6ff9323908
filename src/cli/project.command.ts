import { ConsoleLogger, Logger } from '@nestjs/common';
import { ConfigurationError } from '../config/configuration-error.js';
import { readDatabaseSettings } from '../config/database-settings.js';
import { openDatabase } from '../database/database.js';
import { readLiveConfig } from '../live/live-config.js';
import { NatsViewChangeBroker } from '../live/view-change-broker.js';
import type { DatabaseProjector } from '../projector/database-projector.js';
import { projectionBacklog } from '../projector/projection-backlog.js';
import { readCheckpoint } from '../projector/projection-checkpoint.js';
import { readProjectorSettings } from '../projector/projector-settings.js';
import { shardMapProjectors } from '../projector/shard-map-projectors.js';
import { openShardMap } from '../sharding/open-shard-map.js';

const logger = new Logger('Projector');

/**
 * `hermet project`: keeps the views of every database of SHARD_MAP_FILE other than the primary
 * current until SIGINT / SIGTERM (JSON log lines on stdout). `--once`: until caught up, then a report.
 * With NATS_URL, it tells the gateways whose views it changed, as they do for the primary's.
 */
export async function projectCommand(options: { once?: boolean; json?: boolean; database?: string }): Promise<void> {
  Logger.overrideLogger(new ConsoleLogger({ json: true }));
  const settings = readDatabaseSettings();
  const primary = await openDatabase(settings);
  const shards = await openShardMap(process.env.SHARD_MAP_FILE || undefined, settings, primary);
  const changes = await liveChanges();
  try {
    const projectors = shardMapProjectors(shards, readProjectorSettings(), options.database, changes);
    if (options.database && projectors.length === 0) throw new ConfigurationError(`the shard map has no database "${options.database}" other than the primary`);
    if (options.once) return await projectUntilCaughtUp(projectors, options.json);
    if (projectors.length === 0) return logger.log('nothing to project: every shard is on the primary (SHARD_MAP_FILE)');
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    logger.log(`projecting the outbox into ${projectors.map((p) => p.name).join(', ')}`);
    await Promise.all(projectors.map((projector) => projector.run(stop.signal)));
    logger.log('stopped');
  } finally {
    await changes?.onModuleDestroy();
    await shards.close();
    await primary.close();
  }
}

/** The gateways' live-update subject (NATS_URL, LIVE_NATS_SUBJECT), when they share one. */
async function liveChanges(): Promise<NatsViewChangeBroker | undefined> {
  const live = readLiveConfig(process.env);
  return live.natsUrl ? NatsViewChangeBroker.connect(live.natsUrl, live.natsSubject) : undefined;
}

async function projectUntilCaughtUp(projectors: readonly DatabaseProjector[], json?: boolean): Promise<void> {
  const report = [];
  for (const projector of projectors) {
    const { events, leader } = await projector.catchUp();
    const checkpoint = await readCheckpoint(projector.target.prisma);
    const backlog = await projectionBacklog(projector.primary, projector.target);
    report.push({ database: projector.name, standby: !leader, applied: events, ...backlog, projectedBelow: checkpoint.projectedBelow.toString() });
  }
  if (json) console.log(JSON.stringify({ databases: report }));
  else for (const r of report) console.log(`${r.database}: ${r.standby ? 'another projector holds it' : `applied ${r.applied} events`}; backlog ${r.events} events, lag ${r.lagSeconds.toFixed(1)} s`);
}
