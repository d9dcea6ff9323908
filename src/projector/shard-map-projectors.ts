import type { ViewChangeBroker } from '../live/view-change-broker.js';
import { ViewShards } from '../projections/view-shards.js';
import type { ShardMap } from '../sharding/shard-map.js';
import { DatabaseProjector, type ProjectorSettings } from './database-projector.js';

/** One projector per database of the map other than the primary (`only`: just that one). */
export function shardMapProjectors(shards: ShardMap, settings: ProjectorSettings, only?: string, changes?: ViewChangeBroker): DatabaseProjector[] {
  return shards
    .projectedDatabases()
    .filter(({ name }) => only === undefined || name === only)
    .map(({ name, database }) => new DatabaseProjector(name, shards.primary, database, new ViewShards((shard) => shards.databaseFor(shard) === database), settings, changes, shards));
}
