import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import type { GatewayConfig } from './config/gateway-config.js';
import type { Database } from './database/database.js';

/** The Nest application over an open, migrated database (shared by main.ts and the tests). */
export async function createGatewayApp(config: GatewayConfig, database: Database): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.create(config, database), {
    logger: config.production ? ['error', 'warn', 'log'] : ['error', 'warn'],
  });
  await app.init();
  return app;
}
