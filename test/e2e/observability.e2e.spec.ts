import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkConsistency } from '../../src/ops/consistency/consistency-check.js';
import { recordConsistencyRun } from '../../src/ops/consistency/consistency-run.js';
import { befriend, registerUsers, sendMessage } from '../support/factories.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

describe('what an operator watches', () => {
  let gateway: TestGateway;
  let base: string;

  beforeAll(async () => {
    gateway = await startTestGateway();
    base = gateway.url.replace(/\/graphql$/, '');
    const [a, b] = await registerUsers(gateway, 2);
    const chat = await befriend(gateway, a, b);
    await sendMessage(gateway, a, chat, 'metrics, please');
    await gateway.graphql('query ListForMetrics { conversations { edges { cursor } } }', {}, a);
    await gateway.graphql('mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }', { input: { conversationId: '999999', body: 'nobody is there' } }, a);
    await gateway.graphql('mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }', { input: { conversationId: chat, body: '   ' } }, a);
  });
  afterAll(() => gateway.close());

  it('GET /health/live answers while the process runs', async () => {
    const response = await fetch(`${base}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('GET /health/ready checks every database of the shard map', async () => {
    const response = await fetch(`${base}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', info: { 'database:primary': { status: 'up' } } });
  });

  it('GET /metrics exports commands and queries by type and outcome, GraphQL operations by name, pool and outbox', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/hermet_command_duration_seconds_count\{command="SendMessageCommand",outcome="ok"\} 1/);
    expect(text).toMatch(/hermet_command_duration_seconds_count\{command="SendMessageCommand",outcome="NOT_FOUND"\} 1/);
    expect(text).toMatch(/hermet_command_duration_seconds_count\{command="SendMessageCommand",outcome="BAD_USER_INPUT"\} 1/);
    expect(text).toMatch(/hermet_query_duration_seconds_count\{query="GetConversationsQuery",outcome="ok"\} 1/);
    expect(text).toMatch(/hermet_graphql_requests_total\{operation="ListForMetrics",type="query",outcome="ok"\} 1/);
    expect(text).toMatch(/hermet_db_pool_connections\{state="idle"\}/);
    expect(text).toMatch(/hermet_outbox_backlog\{figure="events"\} [1-9]/);
    expect(text).toMatch(/hermet_transaction_retries_exhausted_total 0/);
    expect(text).not.toMatch(/conversations \{ edges/); // never raw query text as a label
  });

  it('exports the percentage of the last whole consistency check', async () => {
    await recordConsistencyRun(gateway.database, await checkConsistency(gateway.database), false);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/hermet_consistency_percent 100/);
  });
});
