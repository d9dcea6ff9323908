import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { edgeRefusal } from '../graphql-errors.js';
import type { PersistedQueryManifest } from './persisted-query-manifest.js';

/**
 * The manifest as Apollo's persisted-query cache: an id finds its body; nothing can be added
 * (registering is what APQ does, and a safelist must not let clients extend it).
 */
export class SafelistCache implements KeyValueCache<string> {
  private readonly bodies: ReadonlyMap<string, string>;

  constructor(manifest: PersistedQueryManifest) {
    this.bodies = new Map(manifest.operations.map((operation) => [operation.id, operation.body]));
  }

  async get(key: string): Promise<string | undefined> {
    // Apollo asks for "apq:<sha256>"; the id is what follows the last colon.
    return this.bodies.get(key.slice(key.lastIndexOf(':') + 1));
  }

  async set(): Promise<void> {}

  async delete(): Promise<boolean> {
    return false;
  }
}

/** Runs only documents that came from the manifest by id: any text sent by the client is refused. */
export function safelistPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const sentText = typeof request.query === 'string';
      return {
        async didResolveOperation() {
          if (sentText) throw edgeRefusal('OPERATION_NOT_SAFELISTED');
        },
      };
    },
  };
}
