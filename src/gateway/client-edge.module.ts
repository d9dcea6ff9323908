import { Module } from '@nestjs/common';
import { ClientEdgeRedis } from './client-edge-redis.js';

/** What the GraphQL server's factory needs from outside Apollo: the shared Redis, if any. */
@Module({ providers: [ClientEdgeRedis], exports: [ClientEdgeRedis] })
export class ClientEdgeModule {}
