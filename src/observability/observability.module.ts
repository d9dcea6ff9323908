import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import type { GatewayConfig } from '../config/gateway-config.js';
import { BusInstrumentation } from './bus-instrumentation.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { GatewayMetrics } from './metrics.js';

/** Paths scraped every few seconds by machines: logging each would drown the requests. */
const UNLOGGED_PATHS = /^\/(metrics|health)\b/;

@Global()
@Module({
  imports: [TerminusModule, CqrsModule],
  providers: [GatewayMetrics, BusInstrumentation],
  exports: [GatewayMetrics],
  controllers: [MetricsController, HealthController],
})
export class ObservabilityModule {
  /** Metrics, health, and one JSON log line per request (and per log call), tagged with its id. */
  static logging(config: GatewayConfig): DynamicModule {
    const options: Options<IncomingMessage & { id?: unknown }> = {
      level: config.logLevel,
      // bindRequestContext named the request already; the log uses the same id.
      genReqId: (req) => String(req.id),
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      autoLogging: { ignore: (req) => UNLOGGED_PATHS.test(req.url ?? '') },
    };
    return {
      module: ObservabilityModule,
      imports: [LoggerModule.forRoot({ pinoHttp: config.logDestination ? [options, config.logDestination] : options })],
    };
  }
}
