import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { GatewayMetrics } from './metrics.js';

@Global()
@Module({
  imports: [TerminusModule],
  providers: [GatewayMetrics],
  exports: [GatewayMetrics],
  controllers: [MetricsController, HealthController],
})
export class ObservabilityModule {}
