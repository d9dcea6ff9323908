import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registerUsers } from '../support/factories.js';
import { capturedLines } from '../support/log-lines.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

// Its own file: nestjs-pino keeps one root logger per process, so a second gateway in the same
// file would log into the first one's destination.
describe('request lines by default (REQUEST_LOG_LEVEL=debug under LOG_LEVEL=info)', () => {
  const lines: Array<Record<string, any>> = [];
  let gateway: TestGateway;
  let alice: string;

  beforeAll(async () => {
    const destination = capturedLines(lines);
    gateway = await startTestGateway({ config: { logLevel: 'info', logDestination: destination } });
    [alice] = await registerUsers(gateway, 1);
  });
  afterAll(() => gateway.close());

  const post = async (requestId: string, body: string) =>
    fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await gateway.tokenFor(alice)}`, 'x-request-id': requestId },
      body,
    });
  const requestLines = (requestId: string) => lines.filter((line) => line.req?.id === requestId && line.msg !== undefined && line.res);

  it('writes a warning line, with the request id, for a refused request, and none for an ordinary read', async () => {
    expect((await post('quiet-read', JSON.stringify({ query: '{ viewer { id } }' }))).status).toBe(200);
    expect((await post('refused-read', JSON.stringify({ query: '{ noSuchField }' }))).status).toBe(400);
    // The line is written when the response has finished, which may be just after the client has it.
    for (let waited = 0; requestLines('refused-read').length === 0 && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(requestLines('refused-read')).toEqual([expect.objectContaining({ level: 40, res: expect.objectContaining({ statusCode: 400 }) })]);
    expect(requestLines('quiet-read')).toEqual([]);
  });
});
