import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import type { GatewayConfig } from './config/gateway-config.js';
import type { Database } from './database/database.js';
import { applyHttpLimits } from './gateway/protection/http-limits.js';
import { ShardMap } from './sharding/shard-map.js';

/**
 * The Nest application over an open, migrated primary database and the shard map's databases
 * (shared by main.ts and the tests; by default every shard on the primary).
 */
export async function createGatewayApp(
  config: GatewayConfig,
  database: Database,
  shards: ShardMap = new ShardMap(database),
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.create(config, database, shards), {
    logger: config.production ? ['error', 'warn', 'log'] : ['error', 'warn'],
    // Body parsers are registered by applyHttpLimits, with the configured size cap.
    bodyParser: false,
  });
  applyHttpLimits(app, config.clientEdge);
  await app.init();
  return app;
}
