import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { createHash } from 'node:crypto';

/** What went over the wire: method, and whether the document text or only its hash was sent. */
export interface SentRequest {
  readonly method: string;
  readonly sentText: boolean;
  readonly hash: string | undefined;
}

/**
 * A real Apollo Client (as our web and mobile apps use it) against the test gateway, with the
 * persisted-queries link: `sha256` for APQ, or `idOf` to send manifest ids (safelist).
 */
export function persistedQueryClient(options: {
  url: string;
  token?: string;
  useGET?: boolean;
  idOf?: (operationName: string) => string;
}) {
  const sent: SentRequest[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const extensions = body?.extensions ?? JSON.parse(url.searchParams.get('extensions') ?? '{}');
    sent.push({
      method: init?.method ?? 'GET',
      sentText: Boolean(body?.query ?? url.searchParams.get('query')),
      hash: extensions.persistedQuery?.sha256Hash,
    });
    return fetch(input, init);
  };
  const hashing = options.idOf
    ? {
        generateHash: (document: import('graphql').DocumentNode) => {
          const definition = document.definitions.find((d) => d.kind === 'OperationDefinition');
          return options.idOf!(definition && 'name' in definition && definition.name ? definition.name.value : '');
        },
      }
    : { sha256: (text: string) => createHash('sha256').update(text).digest('hex') };
  const link = new PersistedQueryLink({ ...hashing, useGETForHashedQueries: options.useGET ?? false }).concat(
    new HttpLink({
      uri: options.url,
      fetch: recordingFetch,
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    }),
  );
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  return { client, sent };
}
