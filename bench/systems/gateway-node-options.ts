import { readFileSync } from 'node:fs';
import { projectPath } from '../../src/config/project-paths.js';

interface HeapConfig { gatewayHeapMb: string; gatewayInitialHeapMb: string }

/**
 * The V8 flags `npm start` runs the gateway with (package.json's `config`, or the environment
 * variables named after them), so the benchmark measures the gateway as users start it:
 * - the old-generation budget (`GATEWAY_HEAP_MB`): under a gigabyte or less V8 grows the heap by
 *   less than the 4x it allows a multi-gigabyte one, which an unbudgeted gateway's RSS was made of;
 * - the old generation's starting size (`GATEWAY_INITIAL_HEAP_MB`): without it V8 sizes the old
 *   generation ~1.4x past the ~50 MB live heap, and at a few hundred requests a second ran a full
 *   mark-compact every ~2 s, the pauses that made the gateway's p99.
 */
export function gatewayNodeOptions(env: NodeJS.ProcessEnv = process.env): string[] {
  const { config } = JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { config: HeapConfig };
  return [
    `--max-old-space-size=${env.GATEWAY_HEAP_MB || config.gatewayHeapMb}`,
    `--initial-old-space-size=${env.GATEWAY_INITIAL_HEAP_MB || config.gatewayInitialHeapMb}`,
  ];
}
