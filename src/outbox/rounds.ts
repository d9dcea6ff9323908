import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@nestjs/common';

/** How a reader of the outbox (relay, projector) paces its rounds. */
export interface RoundSettings {
  /** Most events per round. */
  readonly batchSize: number;
  /** Pause when a round found less than a full batch. */
  readonly idleMs: number;
  /** Longest pause after failed rounds (the pause doubles from idleMs up to this). */
  readonly maxBackoffMs: number;
  /** Told about every failed round (a database or the broker is away). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Runs `round` (which answers how many events it handled) until `signal` aborts: again at once
 * after a full batch, after `idleMs` otherwise, backing off while rounds fail.
 */
export async function runInRounds(round: () => Promise<number>, settings: RoundSettings, signal: AbortSignal, logger: Logger): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    try {
      const handled = await round();
      if (failures > 0) logger.log('resumed');
      failures = 0;
      if (handled < settings.batchSize) await pause(settings.idleMs, signal);
    } catch (error) {
      failures++;
      settings.onError?.(error);
      if (failures === 1) logger.warn(`paused: ${describe(error)}`);
      await pause(Math.min(settings.idleMs * 2 ** failures, settings.maxBackoffMs), signal);
    }
  }
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
}
