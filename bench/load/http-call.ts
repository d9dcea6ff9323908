import http from 'node:http';
import type { RequestMaker } from './http-load.js';
import type { CallFailure } from './paced-load.js';

const codesShown = new Set<string>();

/**
 * A 2xx answer that still failed: GraphQL reports errors in the body. The first answer of each
 * error code is printed, so that a run marked invalid says why.
 */
export function carriesGraphqlErrors(body: string): boolean {
  if (!body.includes('"errors"')) return false;
  const code = /"code":"(\w+)"/.exec(body)?.[1] ?? 'no code';
  if (!codesShown.has(code)) {
    codesShown.add(code);
    console.warn(`  an answer carried GraphQL errors (${code}): ${body.slice(0, 400)}`);
  }
  return true;
}

function bodyFailure(body: string): CallFailure | null {
  if (!carriesGraphqlErrors(body)) return null;
  return body.includes('"code":"SERVICE_UNAVAILABLE"') ? 'overloaded' : 'errorBodies';
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
          else resolve(bodyFailure(Buffer.concat(chunks).toString()));
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
