import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestGateway } from './test-gateway.js';

/** A subscription of a real graphql-ws client, collecting what arrives. */
export interface LiveSubscriptionProbe<T> {
  readonly received: T[];
  /** Resolves once `count` payloads arrived in all (fails if the subscription ends first). */
  until(count: number): Promise<T[]>;
  readonly client: Client;
  close(): Promise<void>;
}

/** Connects to the gateway's /graphql over graphql-ws as `viewer` and starts `query`. */
export async function subscribe<T>(gateway: TestGateway, viewer: string, query: string): Promise<LiveSubscriptionProbe<T>> {
  const token = await gateway.tokenFor(viewer);
  const client = createClient({
    url: gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
  });
  const received: T[] = [];
  let ended: Error | null = null;
  let wake: () => void = () => undefined;
  const started = new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    client.on('closed', (event) => reject(new Error(`closed before connecting: ${(event as { code?: number }).code}`)));
  });
  client.subscribe<T>(
    { query },
    {
      next: (result) => {
        if (result.errors) ended = new Error(JSON.stringify(result.errors));
        else received.push(result.data as T);
        wake();
      },
      error: (error) => {
        ended = error instanceof Error ? error : new Error(JSON.stringify(error));
        wake();
      },
      complete: () => wake(),
    },
  );
  await started;
  return {
    received,
    client,
    async until(count) {
      while (received.length < count) {
        if (ended) throw ended;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      return received.slice(0, count);
    },
    close: () => client.dispose() as Promise<void>,
  };
}
