import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { ViewChangeBroker } from '../live/view-change-broker.js';
import { ShardMap } from '../sharding/shard-map.js';

type Check = () => Promise<HealthIndicatorResult>;

/**
 * Liveness (the process answers) and readiness (every database in the shard map answers, and
 * the broker of live updates when one is configured: without it, clients of this instance would
 * miss updates sent through the others).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly shards: ShardMap,
    private readonly broker: ViewChangeBroker,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    const databases = this.shards.databases().map(({ name, database }) => this.answers(`database:${name}`, () => database.prisma.$queryRaw`SELECT 1`));
    const broker = this.broker.name ? [this.answers(`broker:${this.broker.name}`, () => this.broker.ping())] : [];
    return this.health.check([...databases, ...broker]);
  }

  /** Up when `probe` resolves; down, with its error, when it rejects. */
  private answers(key: string, probe: () => Promise<unknown>): Check {
    return async () => {
      const indicator = this.indicators.check(key);
      try {
        await probe();
        return indicator.up();
      } catch (error) {
        return indicator.down({ message: (error as Error).message });
      }
    };
  }
}
