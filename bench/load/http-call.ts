import http from 'node:http';
import type { RequestMaker } from './http-load.js';
import type { CallFailure } from './paced-load.js';

const codesShown = new Set<string>();

/**
 * The first GraphQL error code of an answer ('no code' when its error has none), or null when it
 * carries no `errors`: a 2xx answer can still have failed. The first answer of each code is
 * printed, so that a run marked invalid says why.
 */
function graphqlErrorCode(body: string): string | null {
  if (!body.includes('"errors"')) return null;
  const code = /"code":"(\w+)"/.exec(body)?.[1] ?? 'no code';
  if (!codesShown.has(code)) {
    codesShown.add(code);
    console.warn(`  an answer carried GraphQL errors (${code}): ${body.slice(0, 400)}`);
  }
  return code;
}

export function carriesGraphqlErrors(body: string): boolean {
  return graphqlErrorCode(body) !== null;
}

/** A coded overload refusal is slow, like a timeout, not wrong. */
function bodyFailure(body: string): CallFailure | null {
  const code = graphqlErrorCode(body);
  if (code === null) return null;
  return code === 'SERVICE_UNAVAILABLE' ? 'overloaded' : 'errorBodies';
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
