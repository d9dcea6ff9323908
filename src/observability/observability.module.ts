import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import type { GatewayConfig } from '../config/gateway-config.js';
import { LiveModule } from '../live/live.module.js';
import { BusInstrumentation } from './bus-instrumentation.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { requestAgeMs } from './request-context.js';
import { GatewayMetrics } from './metrics.js';

/** Paths scraped every few seconds by machines: logging each would drown the requests. */
const UNLOGGED_PATHS = /^\/(metrics|health)\b/;

@Global()
@Module({
  // LiveModule: the broker of live updates, which readiness checks.
  imports: [TerminusModule, CqrsModule, LiveModule],
  providers: [GatewayMetrics, BusInstrumentation],
  exports: [GatewayMetrics],
  controllers: [MetricsController, HealthController],
})
export class ObservabilityModule {
  /**
   * Metrics, health, and JSON log lines tagged with the request id: one per failed, refused or
   * slow request, per command and per log call; one per ordinary request only at
   * REQUEST_LOG_LEVEL (writing a line for every read was ~5 % of a read's CPU).
   */
  static logging(config: GatewayConfig): DynamicModule {
    const options: Options<IncomingMessage & { id?: unknown }> = {
      level: config.logLevel,
      // bindRequestContext named the request already; the log uses the same id.
      genReqId: (req) => String(req.id),
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      autoLogging: { ignore: (req) => UNLOGGED_PATHS.test(req.url ?? '') },
      customLogLevel: (req, res, error) => {
        if (error || res.statusCode >= 500) return 'error';
        if (res.statusCode >= 400 || requestAgeMs(req) >= config.slowRequestMs) return 'warn';
        return config.requestLogLevel;
      },
    };
    return {
      module: ObservabilityModule,
      imports: [LoggerModule.forRoot({ pinoHttp: config.logDestination ? [options, config.logDestination] : options })],
    };
  }
}
