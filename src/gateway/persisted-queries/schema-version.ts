import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../config/project-paths.js';

let version: string | undefined;

/**
 * A short hash of schema.graphql. APQ cache keys start with it, so instances running another
 * schema (a rolling deploy) never run a document registered against a schema it was not
 * validated for.
 */
export function schemaVersion(): string {
  version ??= createHash('sha256').update(readFileSync(projectPath('schema.graphql'))).digest('hex').slice(0, 16);
  return version;
}
