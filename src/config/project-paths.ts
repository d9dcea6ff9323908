import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * A path inside the project (schema.graphql, prisma/migrations). Found by walking up to
 * package.json, so the same code works from src/ (tests) and dist/src/ (the built gateway).
 */
export function projectPath(...segments: string[]): string {
  root ??= findRoot(dirname(fileURLToPath(import.meta.url)));
  return join(root, ...segments);
}

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schema.graphql'))) return dir;
    if (dirname(dir) === dir) throw new Error(`project root not found above ${start}`);
  }
}
