import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Histogram } from 'prom-client';
import { DomainError } from '../errors/domain-error.js';
import { GatewayMetrics } from './metrics.js';

type Execute = (message: object, ...rest: unknown[]) => Promise<unknown>;

/**
 * Times every command and query where they enter their bus, so a command refused by validation
 * before its transaction counts as much as one that commits. @nestjs/cqrs has no interceptor hook
 * for its buses, so the bus instances' `execute` is wrapped once at start-up.
 */
@Injectable()
export class BusInstrumentation implements OnModuleInit {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly metrics: GatewayMetrics,
  ) {}

  onModuleInit(): void {
    timeEachExecution(this.commands as unknown as { execute: Execute }, this.metrics.commandDuration, 'command');
    timeEachExecution(this.queries as unknown as { execute: Execute }, this.metrics.queryDuration, 'query');
  }
}

const logger = new Logger('CommandBus');

/** Commands are also logged (one line each, carrying the request id); queries are too many. */
function timeEachExecution(bus: { execute: Execute }, histogram: Histogram<'command' | 'query' | 'outcome'>, kind: 'command' | 'query'): void {
  const execute = bus.execute.bind(bus);
  bus.execute = async (message, ...rest) => {
    const type = message.constructor.name;
    const done = histogram.startTimer({ [kind]: type });
    let outcome = 'ok';
    try {
      return await execute(message, ...rest);
    } catch (error) {
      outcome = error instanceof DomainError ? error.code : 'error';
      throw error;
    } finally {
      const seconds = done({ outcome });
      if (kind === 'command') logger.log({ command: type, outcome, ms: Math.round(seconds * 1000) }, `${type} ${outcome}`);
    }
  };
}
