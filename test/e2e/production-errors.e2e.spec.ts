import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registerUser } from '../support/factories.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

describe('an unexpected failure in production (NODE_ENV=production)', () => {
  let gateway: TestGateway;
  let viewer: string;

  beforeAll(async () => {
    gateway = await startTestGateway({ config: { production: true } });
    viewer = await registerUser(gateway, 'Viewer');
    // Break the viewer's shard behind the gateway's back, so reading it fails inside PostgreSQL.
    await gateway.database.prisma.$executeRawUnsafe(`DROP TABLE user_contact_view_${Number(viewer) % 256}`);
  });
  afterAll(() => gateway.close());

  it('answers INTERNAL_SERVER_ERROR without SQL, table names or a stack trace', async () => {
    const response = await gateway.graphql('{ contacts { edges { cursor } } }', {}, viewer);
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) });
    expect(error.message).toBe('internal server error');
    expect(JSON.stringify(response)).not.toMatch(/user_contact_view|SELECT|relation|stack/i);
  });

  it('still answers domain errors with their code and message', async () => {
    const response = await gateway.graphql('{ conversations(first: 0) { edges { cursor } } }', {}, viewer);
    expect(response.errors?.[0]).toMatchObject({
      message: 'first must be between 1 and 100',
      extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_PAGE_SIZE' },
    });
  });
});
