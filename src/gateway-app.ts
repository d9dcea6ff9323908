import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { GatewayConfig } from './config/gateway-config.js';
import type { Database } from './database/database.js';
import { applyHttpLimits } from './gateway/protection/http-limits.js';
import { bindRequestContext } from './observability/request-context.js';
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
    // Start-up lines wait for the JSON logger, so every line has one format.
    bufferLogs: true,
    // Body parsers are registered by applyHttpLimits, with the configured size cap.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // Express hashes every response body into an ETag; GraphQL POST answers are never revalidated.
  app.set('etag', false);
  app.use(bindRequestContext);
  applyHttpLimits(app, config.clientEdge);
  await app.init();
  return app;
}
