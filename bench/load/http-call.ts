import http from 'node:http';
import type { RequestMaker } from './http-load.js';
import type { CallFailure } from './paced-load.js';

/** A 2xx answer that still failed: GraphQL reports errors in the body. */
export function carriesGraphqlErrors(body: string): boolean {
  return body.includes('"errors"');
}

/**
 * One request at a time through a keep-alive pool of at most `connections` sockets (a request
 * due while all are busy waits for one), each answer checked as autocannon's runs are: a non-2xx
 * status, a connection error, no answer within the timeout, or a body carrying GraphQL `errors`.
 */
export function httpCaller(baseUrl: string, makeRequest: RequestMaker, connections: number, timeoutSeconds: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const call = () =>
    new Promise<CallFailure | null>((resolve) => {
      const { method, path, headers, body } = makeRequest();
      const request = http.request(new URL(path, baseUrl), { method, headers, agent, timeout: timeoutSeconds * 1000 }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', () => resolve('errors'));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300) resolve('non2xx');
          else resolve(carriesGraphqlErrors(Buffer.concat(chunks).toString()) ? 'errorBodies' : null);
        });
      });
      request.on('timeout', () => {
        resolve('timeouts');
        request.destroy();
      });
      request.on('error', () => resolve('errors'));
      request.end(body);
    });
  return { call, close: () => agent.destroy() };
}
