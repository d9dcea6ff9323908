import type { ApolloServerPlugin } from '@apollo/server';
import { ruruHTML } from 'ruru/server';
import { exampleOperations } from './example-operations.js';

/** Where the gateway serves the Playground's scripts, styles, fonts and editor workers itself. */
export const PLAYGROUND_ASSETS_PATH = '/graphql/playground/';

const HEADERS_HINT = { Authorization: 'Bearer <a token: npm run token -- 1>' };

/**
 * `GET /graphql` from a browser answers the Playground: GraphiQL 5 (the Ruru distribution), every
 * asset served from node_modules by this gateway — nothing from a CDN, so it works offline.
 * The example operations of `operations/` are preloaded; docs come from introspection.
 */
export function playgroundPlugin(endpoint: string): ApolloServerPlugin {
  const html = ruruHTML({
    endpoint,
    staticPath: PLAYGROUND_ASSETS_PATH,
    clientConfig: {
      initialQuery: exampleOperations(),
      initialHeaders: JSON.stringify(HEADERS_HINT, null, 2),
      isHeadersEditorEnabled: true,
      debugTools: [],
    },
    htmlParts: { titleTag: '<title>Hermet gateway — Playground</title>' },
  });
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
