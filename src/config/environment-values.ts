import { ConfigurationError } from './configuration-error.js';

/** A positive integer setting; unset or empty means `fallback`. */
export function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigurationError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** A `true` / `false` setting; unset or empty means `fallback`. */
export function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new ConfigurationError(`${name} must be true or false, got "${raw}"`);
}
