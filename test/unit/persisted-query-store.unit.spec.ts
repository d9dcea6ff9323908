import { describe, expect, it } from '@jest/globals';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { OperationTypeNode } from 'graphql';
import { createHash } from 'node:crypto';
import { buildManifest } from '../../src/gateway/persisted-queries/persisted-query-manifest.js';
import { persistedDocument, type PersistedQueryStore } from '../../src/gateway/persisted-queries/persisted-query-store.js';
import { SafelistCache } from '../../src/gateway/persisted-queries/safelist.js';

const TEXT = 'subscription Live { conversationUpdated { version } }';
const HASH = createHash('sha256').update(TEXT).digest('hex');
const byHash = (hash: string) => ({ query: '', extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

/** The code of the GraphQL error `found` rejects with. */
const codeOf = (found: Promise<string>) => found.then(() => 'accepted', (error: { extensions: { code: string } }) => error.extensions.code);

describe('finding the document of a subscribe message, as the HTTP path finds a query’s', () => {
  const apq = (): PersistedQueryStore => ({ mode: 'apq', cache: new InMemoryLRUCache<string>(), ttl: 60 });

  it('APQ: an unknown hash is PERSISTED_QUERY_NOT_FOUND; text with its hash registers it; the hash alone then finds it', async () => {
    const store = apq();
    expect(await codeOf(persistedDocument(byHash(HASH), store))).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await persistedDocument({ ...byHash(HASH), query: TEXT }, store)).toBe(TEXT);
    expect(await persistedDocument(byHash(HASH), store)).toBe(TEXT);
  });

  it('APQ: refuses text whose hash is not the one sent, and registers nothing', async () => {
    const store = apq();
    expect(await codeOf(persistedDocument({ ...byHash('0'.repeat(64)), query: TEXT }, store))).toBe('BAD_REQUEST');
    expect(await codeOf(persistedDocument(byHash('0'.repeat(64)), store))).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('off: a hash is PERSISTED_QUERY_NOT_SUPPORTED; text runs', async () => {
    expect(await codeOf(persistedDocument(byHash(HASH), { mode: 'off' }))).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    expect(await persistedDocument({ query: TEXT }, { mode: 'off' })).toBe(TEXT);
  });

  it('safelist: the manifest’s id finds its body; any text is refused, even the manifest’s own', async () => {
    const manifest = buildManifest([{ name: 'Live', type: OperationTypeNode.SUBSCRIPTION, body: TEXT }]);
    const store: PersistedQueryStore = { mode: 'safelist', cache: new SafelistCache(manifest) };
    expect(await persistedDocument(byHash(HASH), store)).toBe(TEXT);
    expect(await codeOf(persistedDocument({ ...byHash(HASH), query: TEXT }, store))).toBe('PERSISTED_QUERY_REQUIRED');
    expect(await codeOf(persistedDocument({ query: TEXT }, store))).toBe('PERSISTED_QUERY_REQUIRED');
  });

  it('a message with neither text nor hash is BAD_REQUEST', async () => {
    expect(await codeOf(persistedDocument({ query: '' }, apq()))).toBe('BAD_REQUEST');
  });
});
