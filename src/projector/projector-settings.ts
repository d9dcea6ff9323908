import { positiveInteger } from '../config/environment-values.js';
import type { ProjectorSettings } from './database-projector.js';

const HOUR_MS = 3_600_000;

export function readProjectorSettings(env: NodeJS.ProcessEnv = process.env): ProjectorSettings {
  return {
    batchSize: positiveInteger(env, 'PROJECTOR_BATCH_SIZE', 200),
    idleMs: positiveInteger(env, 'PROJECTOR_IDLE_MS', 100),
    maxBackoffMs: positiveInteger(env, 'PROJECTOR_MAX_BACKOFF_MS', 5_000),
    appliedEventsRetentionMs: positiveInteger(env, 'PROJECTOR_APPLIED_EVENTS_RETENTION_HOURS', 168) * HOUR_MS,
  };
}
