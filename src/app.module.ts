import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GATEWAY_CONFIG } from './config/config.tokens.js';
import type { GatewayConfig } from './config/gateway-config.js';
import type { Database } from './database/database.js';
import { PRIMARY_DATABASE } from './database/database.tokens.js';
import { GatewayModule } from './gateway/gateway.module.js';
import { JoinBaselineModule } from './join-baseline/join-baseline.module.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { ReadModule } from './read/read.module.js';
import { ChangeFeedModule } from './read/change-feed/change-feed.module.js';
import { ShardMap } from './sharding/shard-map.js';
import { WriteModule } from './write/write.module.js';

/** The config, the open primary database and the shard map (its databases open), available to every module. */
@Global()
@Module({})
class RuntimeModule {
  static with(config: GatewayConfig, database: Database, shards: ShardMap): DynamicModule {
    return {
      module: RuntimeModule,
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: PRIMARY_DATABASE, useValue: database },
        { provide: ShardMap, useValue: shards },
      ],
      exports: [GATEWAY_CONFIG, PRIMARY_DATABASE, ShardMap],
    };
  }
}

@Module({})
export class AppModule {
  /** The database is opened (and migrated) before Nest starts, so the app never sees a bare one. */
  static create(config: GatewayConfig, database: Database, shards: ShardMap = new ShardMap(database)): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RuntimeModule.with(config, database, shards), ObservabilityModule.logging(config), CqrsModule.forRoot(), WriteModule, ReadModule, ChangeFeedModule, GatewayModule,
        // Benchmark only: the join-based design's lists, for `npm run bench` to compare against.
        ...(config.joinBaseline ? [JoinBaselineModule] : []),
      ],
    };
  }
}
