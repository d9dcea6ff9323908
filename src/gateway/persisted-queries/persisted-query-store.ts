import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { edgeRefusal } from '../graphql-errors.js';

/**
 * Where persisted documents are found, per PERSISTED_QUERIES mode: the one cache that both
 * Apollo (HTTP) and the subscription path (graphql-ws) read, so a hash means the same document
 * on both.
 */
export type PersistedQueryStore =
  | { readonly mode: 'off' }
  | { readonly mode: 'apq'; readonly cache: KeyValueCache<string>; readonly ttl: number }
  | { readonly mode: 'safelist'; readonly cache: KeyValueCache<string> };

/** An operation as a client sends it: text, and/or the APQ extension's hash of a persisted document. */
export interface SentOperation {
  readonly query?: string | null;
  readonly extensions?: Record<string, unknown> | null;
}

/** Apollo's own key for a hash in its persisted-query cache (it prefixes the cache with `apq:`). */
const cacheKey = (hash: string) => `apq:${hash}`;

/** Apollo's errors for the same cases on HTTP, so a client handles both paths alike. */
const NOT_FOUND = () => new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
const NOT_SUPPORTED = () => new GraphQLError('PersistedQueryNotSupported', { extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' } });
const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });

/**
 * The document text to run, found as Apollo's HTTP pipeline finds it: by hash (registered by an
 * earlier request in APQ mode, or from the manifest in safelist mode), else the text sent. Throws
 * the GraphQL error the HTTP path answers for the same request.
 */
export async function persistedDocument(sent: SentOperation, store: PersistedQueryStore): Promise<string> {
  const text = typeof sent.query === 'string' && sent.query !== '' ? sent.query : undefined;
  const hash = persistedHash(sent);
  if (store.mode === 'safelist' && text !== undefined) throw edgeRefusal('OPERATION_NOT_SAFELISTED');
  if (hash === undefined) {
    if (text === undefined) throw badRequest('GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.');
    return text;
  }
  if (store.mode === 'off') throw NOT_SUPPORTED();
  if (text === undefined) return (await store.cache.get(cacheKey(hash))) ?? throwError(NOT_FOUND());
  if (createHash('sha256').update(text).digest('hex') !== hash) throw badRequest('provided sha does not match query');
  if (store.mode === 'apq') await store.cache.set(cacheKey(hash), text, { ttl: store.ttl });
  return text;
}

function persistedHash(sent: SentOperation): string | undefined {
  const extension = sent.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
  if (extension === undefined) return undefined;
  if (extension.version !== 1 || typeof extension.sha256Hash !== 'string') throw badRequest('Unsupported persisted query version');
  return extension.sha256Hash;
}

function throwError(error: GraphQLError): never {
  throw error;
}
