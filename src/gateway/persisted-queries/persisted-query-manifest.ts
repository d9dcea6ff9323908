import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { OperationFile } from './operation-files.js';

/** Apollo's persisted-query manifest format (what mobile releases ship ids from). */
export interface PersistedQueryManifest {
  readonly format: 'apollo-persisted-query-manifest';
  readonly version: 1;
  readonly operations: ReadonlyArray<{ id: string; name: string; type: string; body: string }>;
}

/** The id is the SHA-256 of the body, as Apollo's tooling computes it. */
export function buildManifest(operations: readonly OperationFile[]): PersistedQueryManifest {
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: operations.map(({ name, type, body }) => ({ id: sha256(body), name, type, body })),
  };
}

export function readManifest(path: string): PersistedQueryManifest {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as PersistedQueryManifest;
  if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new Error(`${path} is not an apollo-persisted-query-manifest, version 1`);
  }
  for (const operation of manifest.operations) {
    if (sha256(operation.body) !== operation.id) throw new Error(`${path}: the id of ${operation.name} is not the SHA-256 of its body`);
  }
  return manifest;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
