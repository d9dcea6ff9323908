import { createClient, type Client, type SubscribePayload } from 'graphql-ws';
import type { ClientRequestArgs } from 'node:http';
import { connect as netConnect, type NetConnectOpts, type Socket } from 'node:net';
import WebSocket from 'ws';
import type { TestGateway } from './test-gateway.js';

/** A subscription of a real graphql-ws client, collecting what arrives. */
export interface LiveSubscriptionProbe<T> {
  readonly received: T[];
  /** Resolves once `count` payloads arrived in all (fails if the subscription ends first). */
  until(count: number): Promise<T[]>;
  readonly client: Client;
  /** Ends this subscription only (a graphql-ws complete message); the connection stays. */
  complete(): void;
  close(): Promise<void>;
}

/** One graphql-ws connection of `viewer`, on which any number of subscriptions start. */
export interface LiveConnection {
  readonly client: Client;
  subscribe<T>(operation: string | SubscribePayload): LiveSubscriptionProbe<T>;
  /** Stops reading the socket (the kernel buffers fill, then the server's): a client that stalls. */
  pause(): void;
  resume(): void;
  /** How the server closed the connection. */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/** Connects to the gateway's /graphql over graphql-ws as `viewer` (no retries: a close is seen as is). */
export async function connectLive(gateway: Pick<TestGateway, 'url' | 'tokenFor'>, viewer: string): Promise<LiveConnection> {
  const token = await gateway.tokenFor(viewer);
  const sockets: Socket[] = [];
  const keep = (socket: Socket) => (sockets.push(socket), socket);
  // The TCP socket under the WebSocket, kept to pause it: ws has no public handle on it.
  class KeptSocketWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { createConnection: (options: ClientRequestArgs) => keep(netConnect(options as NetConnectOpts)) });
    }
  }
  const client = createClient({
    url: gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: KeptSocketWebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    client.on('closed', (event) => {
      const { code, reason } = event as { code: number; reason: unknown };
      resolve({ code, reason: String(reason) });
    }),
  );
  await new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    void closed.then(({ code }) => reject(new Error(`closed before connecting: ${code}`)));
  });
  return {
    client,
    subscribe: (operation) => probe(client, operation),
    pause: () => sockets.forEach((socket) => socket.pause()),
    resume: () => sockets.forEach((socket) => socket.resume()),
    closed,
    close: () => client.dispose() as Promise<void>,
  };
}

/** Connects as `viewer` and starts `operation`: a document's text, or a whole subscribe payload. */
export async function subscribe<T>(gateway: Pick<TestGateway, 'url' | 'tokenFor'>, viewer: string, operation: string | SubscribePayload): Promise<LiveSubscriptionProbe<T>> {
  return (await connectLive(gateway, viewer)).subscribe<T>(operation);
}

function probe<T>(client: Client, operation: string | SubscribePayload): LiveSubscriptionProbe<T> {
  const received: T[] = [];
  let ended: Error | null = null;
  let wake: () => void = () => undefined;
  const complete = client.subscribe<T>(typeof operation === 'string' ? { query: operation } : operation, {
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
  });
  return {
    received,
    client,
    complete,
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
