import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { projectPath } from '../src/config/project-paths.js';
import { benchDatabaseUrl } from './bench-database.js';
import { runHttpLoad, type RequestMaker } from './load/http-load.js';
import { gatewayNodeOptions } from './systems/gateway-node-options.js';
import { ServerProcess } from './systems/server-process.js';
import { commandWorkloads } from './workloads/command-workloads.js';
import { readWorkloads } from './workloads/read-workloads.js';
import { pickBusiestViewers, pickViewers } from './workloads/viewers.js';

/**
 * node dist/bench/cpu-profile-command.js --database hermet_bench_quick [--workload conversations-page-1] [--seconds 8] [--profile]
 *   [--gc] [--gateway path/to/dist/src/main.js]
 * Server CPU milliseconds per request of the gateway's GraphQL path, from /proc (user + system
 * time of the gateway process over the measured run, divided by the answered requests): the
 * figure that still means something when other work shares the machine, unlike req/s. With
 * --profile the gateway runs under `node --cpu-prof` and writes a .cpuprofile into .profiles/;
 * with --gc the output also counts the gateway's garbage collections and their pauses, from its
 * start (bench/systems/gc-observer.ts). GATEWAY_HEAP_MB and GATEWAY_INITIAL_HEAP_MB reach it.
 */
const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'hermet_bench_quick' },
    workload: { type: 'string', default: 'conversations-page-1' },
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '8' },
    // A fixed rate (open loop, as the benchmark's latency columns) instead of as fast as the connections go.
    rate: { type: 'string' },
    profile: { type: 'boolean', default: false },
    gc: { type: 'boolean', default: false },
    // Another build of the gateway (e.g. of the previous commit), to compare on the same data.
    gateway: { type: 'string', default: projectPath('dist', 'src', 'main.js') },
  },
});

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl(values.database!);
  const jwtSecret = randomBytes(32).toString('hex');
  const profileDir = projectPath('.profiles');
  await mkdir(profileDir, { recursive: true });
  const gcReportFile = join(profileDir, `gc-${process.pid}.json`);
  const env = {
    DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret, NODE_ENV: 'production', DEMO_DATA: 'false', DATABASE_POOL_SIZE: '10', PORT: '4620',
    ...(values.gc ? { GC_REPORT_FILE: gcReportFile } : {}),
  };
  const nodeOptions = [
    ...gatewayNodeOptions(),
    ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ...(values.gc ? ['--import', fileURLToPath(new URL('./systems/gc-observer.js', import.meta.url))] : []),
  ];
  const gateway = await ServerProcess.start('gateway', values.gateway!, env, /Hermet gateway on/, nodeOptions);
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let summary: Record<string, unknown>;
  try {
    const viewers = await pickViewers(admin, jwtSecret, 300, 42);
    const endpoints = { gateway: 'http://127.0.0.1:4620', floor: '', peer: '' };
    const busiest = await pickBusiestViewers(admin, jwtSecret, 2);
    const load = await gatewayLoad(admin, jwtSecret, readWorkloads(viewers, busiest, pool, endpoints, 42));
    const shape = { connections: Number(values.connections), rate: values.rate ? Number(values.rate) : load.rate };
    await runHttpLoad(endpoints.gateway, load.makeRequest, { ...shape, seconds: 3 }, gateway);
    const run = await runHttpLoad(endpoints.gateway, load.makeRequest, { ...shape, seconds: Number(values.seconds) }, gateway);
    summary = {
      workload: values.workload,
      requests: run.requests,
      serverCpuMsPerRequest: Number(run.serverCpuMsPerRequest?.toFixed(3)),
      requestsPerSecond: Math.round(run.requestsPerSecond),
      latencyMs: Object.fromEntries((['p50', 'p95', 'p99', 'max'] as const).map((p) => [p, Number(run[p].toFixed(2))])),
      serverPeakRssMb: run.serverPeakRssMb,
      valid: run.valid,
      failures: run.failures,
      loadAverage: loadavg().map((l) => l.toFixed(2)).join(' '),
    };
  } finally {
    await pool.end();
    await admin.end();
    await gateway.stop();
  }
  // The observer writes its counts as the gateway exits.
  const gc = values.gc ? { gcPauses: JSON.parse(await readFile(gcReportFile, 'utf8')) as unknown } : {};
  console.log(JSON.stringify({ ...summary, ...gc }));
}

/**
 * A read workload runs as fast as the connections allow; a command (e.g. message-direct) at the
 * fixed rate the benchmark drives it at, since a command's data runs out (requests to accept) or
 * its fan-outs would queue without end.
 */
async function gatewayLoad(admin: pg.Client, jwtSecret: string, reads: ReturnType<typeof readWorkloads>): Promise<{ makeRequest: RequestMaker; rate?: number }> {
  const call = reads.find((w) => w.name === values.workload)?.systems.find((s) => s.system === 'gateway');
  if (call?.http) return { makeRequest: call.http.makeRequest };
  const command = (await commandWorkloads(admin, jwtSecret, 42)).find((c) => c.name === values.workload);
  if (!command) throw new Error(`no gateway workload named ${values.workload}`);
  return { makeRequest: command.makeRequest, rate: command.rate };
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
