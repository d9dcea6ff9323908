import { readFileSync, writeFileSync } from 'node:fs';
import { projectPath } from '../config/project-paths.js';
import { readOperationFiles } from '../gateway/persisted-queries/operation-files.js';
import { buildManifest } from '../gateway/persisted-queries/persisted-query-manifest.js';

/**
 * `npm run pq:manifest`: the Apollo persisted-query manifest of `operations/*.graphql`, the
 * operations our own clients ship; mobile releases take their ids from it and
 * PERSISTED_QUERIES=safelist runs nothing else. `-- --check` fails when the file is stale.
 */
const target = projectPath('operations', 'persisted-query-manifest.json');
const manifest = `${JSON.stringify(buildManifest(readOperationFiles(projectPath('operations'))), null, 2)}\n`;

if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== manifest) {
    console.error(`${target} is stale: run npm run pq:manifest`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else {
  writeFileSync(target, manifest);
  console.log(`wrote ${target}`);
}
