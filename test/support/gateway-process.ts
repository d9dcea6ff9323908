import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectPath } from '../../src/config/project-paths.js';
import { ViewerTokens } from '../../src/identity/viewer-tokens.js';
import { TEST_JWT_SECRET, type GraphQLResponse } from './test-gateway.js';

const run = promisify(execFile);

/**
 * The built gateway (`node dist/src/main.js`) as a real child process on a loopback port: what
 * a crash of the process (not just of a request) would look like. Needs a database server.
 */
export interface GatewayProcess {
  readonly url: string;
  /** The exit code or signal once the process ended; undefined while it runs. */
  exited(): string | undefined;
  /** POSTs a GraphQL request as `as` (a user id); aborted after `watchdogMs`. */
  graphql<T = any>(query: string, variables?: Record<string, unknown>, as?: string, watchdogMs?: number): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** Compiles src/ once per test file into its own folder (removed by `removeBuild`). */
export async function buildGateway(name: string): Promise<string> {
  const outDir = projectPath('.test-build', `${name}-${process.pid}-${randomBytes(3).toString('hex')}`);
  await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: projectPath() });
  return outDir;
}

export function removeBuild(outDir: string): Promise<void> {
  return rm(outDir, { recursive: true, force: true });
}

export async function startGatewayProcess(outDir: string, databaseUrl: string, env: Record<string, string> = {}): Promise<GatewayProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn('node', [join(outDir, 'src/main.js')], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: TEST_JWT_SECRET,
      PORT: String(port),
      // TEST_LOG_LEVEL=error npm … shows the child's JSON log lines on the test's output.
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      MUTATIONS_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', process.env.TEST_LOG_LEVEL ? 'inherit' : 'ignore', 'pipe'],
  });
  let exit: string | undefined;
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4_000)));
  child.once('exit', (code, signal) => (exit = signal ?? String(code)));
  const url = `http://127.0.0.1:${port}/graphql`;
  const tokens = new ViewerTokens({ jwtSecret: TEST_JWT_SECRET });
  const gateway: GatewayProcess = {
    url,
    exited: () => exit,
    async graphql(query, variables, as, watchdogMs = 30_000) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (as !== undefined) headers.authorization = `Bearer ${await tokens.issue(BigInt(as))}`;
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(watchdogMs),
      });
      return (await response.json()) as GraphQLResponse;
    },
    async stop() {
      if (exit !== undefined) return;
      const ended = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await ended;
    },
  };
  await waitUntilAnswering(gateway, () => stderr);
  return gateway;
}

async function waitUntilAnswering(gateway: GatewayProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (gateway.exited() !== undefined) throw new Error(`gateway process exited (${gateway.exited()}): ${stderr()}`);
    try {
      const response = await gateway.graphql('{ __typename }', {}, undefined, 2_000);
      if (response.data) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`gateway process did not answer within 60 s: ${stderr()}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
