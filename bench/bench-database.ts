import pg from 'pg';

/**
 * The benchmark's own PostgreSQL databases. It only ever creates, drops and uses databases whose
 * name starts with "hermet_bench", on the server named by BENCH_POSTGRES_URL.
 */
export const SERVER_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function benchDatabaseUrl(name: string): string {
  assertBenchDatabase(name);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  // Every system and the harness's own reads run without JIT, as the gateway's pool does: the
  // harness's page-2 positions (a lateral over 256 partitions) spent 63 s of 75 s compiling.
  url.searchParams.set('options', '-c jit=off');
  return url.toString();
}

export async function recreateBenchDatabase(name: string): Promise<string> {
  assertBenchDatabase(name);
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return benchDatabaseUrl(name);
}

function assertBenchDatabase(name: string): void {
  if (!/^hermet_bench[a-z0-9_]*$/.test(name)) throw new Error(`not a benchmark database name: ${name}`);
}
