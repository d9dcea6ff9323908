import { readFileSync } from 'node:fs';
import { projectPath } from '../../src/config/project-paths.js';

/**
 * The V8 flags `npm start` runs the gateway with (package.json: the old-generation budget,
 * `GATEWAY_HEAP_MB` or `config.gatewayHeapMb`), so the benchmark measures the gateway as users
 * start it. Under a budget of a gigabyte or less V8 grows the heap by less than the 4x it allows
 * a multi-gigabyte one, which is what an unbudgeted gateway's RSS under load was made of.
 */
export function gatewayNodeOptions(env: NodeJS.ProcessEnv = process.env): string[] {
  const packageJson = JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { config: { gatewayHeapMb: string } };
  return [`--max-old-space-size=${env.GATEWAY_HEAP_MB || packageJson.config.gatewayHeapMb}`];
}
