import fc from 'fast-check';
import { anyDocument } from './operation-arbitraries.js';

/** One HTTP request to the gateway, as a fuzz case describes it. */
export interface HostileRequest {
  readonly method: 'GET' | 'POST';
  readonly contentType: string | undefined;
  readonly body: string | undefined;
  readonly query: string;
  readonly viewer: 'alice' | 'bob' | 'anonymous' | 'forged';
}

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const variables = fc.oneof(fc.constant(undefined), fc.dictionary(fc.constantFrom('input', 'first', 'after', 'id', 'x'), jsonValue), jsonValue);
const hash = fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ maxLength: 70 }));
const persistedQuery = fc.record({ persistedQuery: fc.record({ version: fc.oneof(fc.constant(1), jsonValue), sha256Hash: hash }) });

/** A GraphQL request body: one operation, a batch, an APQ hash with or without text, or junk. */
const payload = fc.oneof(
  { weight: 6, arbitrary: fc.record({ query: anyDocument, variables }, { requiredKeys: ['query'] }) },
  { weight: 1, arbitrary: fc.record({ query: fc.option(anyDocument, { nil: undefined }), extensions: persistedQuery }) },
  { weight: 1, arbitrary: fc.array(fc.record({ query: anyDocument }), { maxLength: 14 }) },
  { weight: 1, arbitrary: jsonValue },
);

const contentType = fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/graphql', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', undefined);

export const hostileRequest: fc.Arbitrary<HostileRequest> = fc
  .record({
    method: fc.constantFrom('POST', 'POST', 'POST', 'GET') as fc.Arbitrary<'GET' | 'POST'>,
    contentType,
    payload,
    rawBody: fc.option(fc.string({ maxLength: 300 }), { nil: undefined, freq: 8 }),
    viewer: fc.constantFrom('alice', 'bob', 'anonymous', 'forged') as fc.Arbitrary<HostileRequest['viewer']>,
  })
  .map(({ method, contentType, payload, rawBody, viewer }) => {
    if (method === 'GET') {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries((payload ?? {}) as Record<string, unknown>)) {
        params.set(key, typeof value === 'string' ? value : JSON.stringify(value));
      }
      return { method, contentType: undefined, body: undefined, query: params.toString(), viewer };
    }
    return { method, contentType, body: rawBody ?? JSON.stringify(payload), query: '', viewer };
  });
