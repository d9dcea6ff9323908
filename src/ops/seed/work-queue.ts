import type pg from 'pg';

/** Runs jobs on a fixed set of connections, each connection taking the next job when free. */
export async function runOnConnections<T>(
  connections: readonly pg.Client[],
  jobs: readonly T[],
  run: (connection: pg.Client, job: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    connections.map(async (connection) => {
      while (next < jobs.length) await run(connection, jobs[next++]);
    }),
  );
}
