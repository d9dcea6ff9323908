import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { befriend, registerUsers } from '../support/factories.js';
import { capturedLines } from '../support/log-lines.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const SEND = 'mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id } }';

describe('following one request through the logs and the outbox', () => {
  const lines: Array<Record<string, any>> = [];
  let gateway: TestGateway;
  let alice: string;
  let chat: string;

  beforeAll(async () => {
    const destination = capturedLines(lines);
    gateway = await startTestGateway({ config: { logLevel: 'info', requestLogLevel: 'info', logDestination: destination } });
    const [a, b] = await registerUsers(gateway, 2);
    alice = a;
    chat = await befriend(gateway, a, b);
  });
  afterAll(() => gateway.close());

  async function sendAs(requestId: string | undefined, body: string) {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${await gateway.tokenFor(alice)}` };
    if (requestId) headers['x-request-id'] = requestId;
    return fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query: SEND, variables: { input: { conversationId: chat, body } } }) });
  }

  it('writes JSON lines whose command line and request line carry the proxy\'s request id', async () => {
    await sendAs('trace-me-1', 'traced');
    const ofRequest = lines.filter((line) => line.req?.id === 'trace-me-1');
    expect(ofRequest.map((line) => line.command ?? line.msg)).toEqual(expect.arrayContaining(['SendMessageCommand', 'request completed']));
    expect(ofRequest.find((line) => line.command)).toMatchObject({ outcome: 'ok', level: 30 });
  });

  it('stores the request id on the outbox row of the event the command caused', async () => {
    await sendAs('trace-me-2', 'traced again');
    const row = await gateway.database.prisma.outbox.findFirst({ where: { type: 'MessageSent' }, orderBy: { id: 'desc' } });
    expect(row?.requestId).toBe('trace-me-2');
  });

  it('names a request without an id itself, and tells the client which id it chose', async () => {
    const response = await sendAs(undefined, 'untraced');
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const row = await gateway.database.prisma.outbox.findFirst({ where: { type: 'MessageSent' }, orderBy: { id: 'desc' } });
    expect(row?.requestId).toBe(requestId);
  });

  it('never logs the bearer token', () => {
    expect(JSON.stringify(lines)).not.toMatch(/Bearer ey/);
    const completed = lines.find((line) => line.req?.id === 'trace-me-1' && line.msg === 'request completed');
    expect(completed?.req.headers.authorization).toBe('[Redacted]');
  });
});
