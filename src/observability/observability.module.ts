import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { GatewayMetrics } from './metrics.js';

@Global()
@Module({ providers: [GatewayMetrics], exports: [GatewayMetrics], controllers: [MetricsController] })
export class ObservabilityModule {}
