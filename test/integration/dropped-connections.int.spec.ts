import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Prisma } from '../../src/database/generated/prisma/client.js';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../support/test-database.js';

// The server drops connections on a restart, a failover or an operator's pg_terminate_backend.
// A dropped connection nobody is using must cost the gateway process nothing: no crash (an
// 'error' event without a listener), and the next request runs on a new connection.
(onRealPostgres ? describe : describe.skip)('connections the server drops', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());

  const backendPid = Prisma.sql`SELECT pg_backend_pid() AS pid`;
  const terminate = (pids: readonly number[]) => test.database.withSession((run) => run(`SELECT pg_terminate_backend(pid) FROM unnest('{${pids.join(',')}}'::int[]) AS pid`));
  const socketsClosed = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('an idle pooled connection: the next read and the next command run on new ones', async () => {
    const held = await Promise.all([1, 2, 3].map(() => test.database.prisma.$transaction((tx) => tx.$queryRaw<{ pid: number }[]>(backendPid))));
    await terminate(held.map(([{ pid }]) => pid));
    await socketsClosed();
    await expect(test.database.read(Prisma.sql`SELECT 1 AS one`)).resolves.toEqual([{ one: 1 }]);
    await expect(test.database.prisma.$transaction((tx) => tx.$queryRaw`SELECT 1 AS one`)).resolves.toEqual([{ one: 1 }]);
  });

  it("a session's connection (the fan-out sweep, the projector) dropped between its statements: the session fails, the process goes on", async () => {
    const session = test.database.withSession(async (run) => {
      const { rows } = await run('SELECT pg_backend_pid() AS pid');
      await terminate([Number(rows[0]!.pid)]);
      await socketsClosed();
      return run('SELECT 1');
    });
    await expect(session).rejects.toThrow(/terminat|not queryable/i);
    await expect(test.database.withSession((run) => run('SELECT 1 AS one'))).resolves.toEqual({ rows: [{ one: 1 }] });
  });
});
