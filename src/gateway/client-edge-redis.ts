import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { GATEWAY_CONFIG } from '../config/config.tokens.js';
import type { GatewayConfig } from '../config/gateway-config.js';

/**
 * The Redis that gateway instances share for APQ documents and rate-limit counters, when
 * REDIS_URL is set (`client` is null otherwise and both stay in this process's memory).
 */
@Injectable()
export class ClientEdgeRedis implements OnApplicationShutdown {
  readonly client: Redis | null;
  readonly keyPrefix: string;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    const { redisUrl, redisKeyPrefix } = config.clientEdge;
    // A request must not hang on a Redis outage: fail fast, and callers degrade (cache miss).
    this.client = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 2_000 }) : null;
    this.keyPrefix = redisKeyPrefix;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }
}
