import { writeFileSync } from 'node:fs';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/**
 * Loaded into a server process with `node --import` (cpu-profile-command.js --gc): counts its
 * garbage collections by kind, with their main-thread pauses, and writes them to GC_REPORT_FILE
 * as JSON when the process exits: how often V8 stops the gateway, the pauses its p99 at a fixed
 * rate is made of (docs/benchmarks.md, sixth session).
 */
const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'markCompact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incrementalMarking',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakCallbacks',
};

interface Pauses { count: number; totalMs: number; maxMs: number }

const pauses: Record<string, Pauses> = {};
new PerformanceObserver((entries) => {
  for (const entry of entries.getEntries()) {
    const kind = KINDS[(entry as PerformanceEntry & { detail: { kind: number } }).detail.kind] ?? 'other';
    const seen = (pauses[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
    seen.count++;
    seen.totalMs += entry.duration;
    seen.maxMs = Math.max(seen.maxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

const ms = (value: number) => Number(value.toFixed(1));

process.on('exit', () => {
  const file = process.env.GC_REPORT_FILE;
  if (!file) return;
  writeFileSync(file, JSON.stringify(Object.fromEntries(
    Object.entries(pauses).map(([kind, p]) => [kind, { count: p.count, totalMs: ms(p.totalMs), maxMs: ms(p.maxMs) }]),
  )));
});
