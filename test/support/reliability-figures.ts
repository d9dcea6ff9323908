import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Figures of one reliability section, kept for `npm run test:reliability` to gather into
 * reliability.json. Outside that run (plain `npm test`) nothing is written.
 */
export function recordFigures(section: string, figures: Record<string, unknown>): void {
  const directory = process.env.RELIABILITY_FIGURES_DIR;
  if (!directory) return;
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, `${section}.json`), JSON.stringify(figures, null, 2));
}
