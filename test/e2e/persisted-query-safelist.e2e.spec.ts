import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gql } from '@apollo/client';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../src/config/project-paths.js';
import { readOperationFiles } from '../../src/gateway/persisted-queries/operation-files.js';
import { buildManifest, type PersistedQueryManifest } from '../../src/gateway/persisted-queries/persisted-query-manifest.js';
import { persistedQueryClient } from '../support/apollo-client.js';
import { operation } from '../support/operations.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { snapshotTables } from '../support/table-snapshot.js';

describe('the persisted-query manifest (npm run pq:manifest)', () => {
  it('is built from operations/*.graphql, one operation per file, ids = SHA-256 of the body', () => {
    const committed = JSON.parse(readFileSync(projectPath('operations', 'persisted-query-manifest.json'), 'utf8'));
    expect(committed).toEqual(buildManifest(readOperationFiles(projectPath('operations'))));
    expect(committed.format).toBe('apollo-persisted-query-manifest');
    expect(committed.operations.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['Conversations', 'RegisterUser']));
  });
});

describe('PERSISTED_QUERIES=safelist', () => {
  let gateway: TestGateway;
  let manifest: PersistedQueryManifest;
  let viewer: string;
  const idOf = (name: string) => manifest.operations.find((o) => o.name === name)?.id ?? 'f'.repeat(64);

  beforeAll(async () => {
    manifest = JSON.parse(readFileSync(projectPath('operations', 'persisted-query-manifest.json'), 'utf8'));
    gateway = await startTestGateway({ config: { clientEdge: { persistedQueries: 'safelist' } } });
    viewer = (
      await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          variables: { input: { username: 'safelisted', nickname: 'Safe' } },
          extensions: { persistedQuery: { version: 1, sha256Hash: idOf('RegisterUser') } },
        }),
      }).then((r) => r.json() as Promise<{ data: { registerUser: { id: string } } }>)
    ).data.registerUser.id;
  });
  afterAll(() => gateway.close());

  it('runs a manifest operation by id alone, from Apollo Client', async () => {
    const { client, sent } = persistedQueryClient({ url: gateway.url, token: await gateway.tokenFor(viewer), idOf });
    const result = await client.query({ query: gql(operation('Viewer')) });
    expect(result.data).toMatchObject({ viewer: { id: viewer, nickname: 'Safe' } });
    expect(sent).toEqual([{ method: 'POST', sentText: false, hash: idOf('Viewer') }]);
  });

  it('refuses any document sent as text, even one from the manifest, and writes nothing', async () => {
    const before = await snapshotTables(gateway.database);
    const response = await gateway.graphql(operation('RegisterUser'), { input: { username: 'sneaky', nickname: 'Sneaky' } });
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'PERSISTED_QUERY_REQUIRED', reason: 'OPERATION_NOT_SAFELISTED' });
    expect(await snapshotTables(gateway.database)).toEqual(before);
  });

  it('does not let APQ register new operations: an Apollo Client with APQ ends refused', async () => {
    const { client, sent } = persistedQueryClient({ url: gateway.url, token: await gateway.tokenFor(viewer) });
    await expect(client.query({ query: gql('query Sneaky { viewer { id username } }') })).rejects.toThrow(/persisted operations/);
    expect(sent.map((request) => request.sentText)).toEqual([false, true]);
    // Still unknown afterwards.
    const again = persistedQueryClient({ url: gateway.url, token: await gateway.tokenFor(viewer) });
    await expect(again.client.query({ query: gql('query Sneaky { viewer { id username } }') })).rejects.toThrow();
    expect(again.sent.map((request) => request.sentText)).toEqual([false, true]);
  });

  it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
    });
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});
