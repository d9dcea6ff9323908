import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { registerUser } from '../support/factories.js';
import { onRealPostgres } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const UPDATE = 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }';

// Needs a server with real connections; the embedded database is a single in-process session.
(onRealPostgres ? describe : describe.skip)('an overloaded gateway (every pooled connection busy)', () => {
  let gateway: TestGateway;
  let user: string;
  let blocker: pg.Client;

  beforeAll(async () => {
    gateway = await startTestGateway({
      config: { databasePoolSize: 2, databaseConnectTimeoutMs: 500, transactionTimeoutMs: 3_000 },
    });
    user = await registerUser(gateway);
    blocker = new pg.Client({ connectionString: gateway.testDatabase.url });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker.end();
    await gateway.close();
  });

  it('fails fast with SERVICE_UNAVAILABLE instead of hanging, and recovers afterwards', async () => {
    // Another session holds the user's row, so two profile updates sit on both pooled connections.
    await blocker.query('BEGIN');
    await blocker.query(`SELECT id FROM "user" WHERE id = ${user} FOR UPDATE`);
    const stuck = [1, 2].map((n) => gateway.graphql(UPDATE, { input: { nickname: `Stuck ${n}` } }, user));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const started = Date.now();
    const starved = await Promise.all([1, 2, 3].map(() => gateway.graphql('{ viewer { id } }', {}, user)));
    const waited = Date.now() - started;
    for (const response of starved) {
      expect(response.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(response.errors?.[0].message).toMatch(/overloaded/);
    }
    expect(waited).toBeLessThan(2_500);

    // The stuck commands give up at the transaction timeout, with the same clear code.
    for (const response of await Promise.all(stuck)) {
      expect(response.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    }
    await blocker.query('ROLLBACK');
    const after = await gateway.graphql(UPDATE, { input: { nickname: 'Free again' } }, user);
    expect(after.errors).toBeUndefined();
  });
});
