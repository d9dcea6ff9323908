import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { projectPath } from '../src/config/project-paths.js';
import { benchDatabaseUrl } from './bench-database.js';
import { runHttpLoad, wrongAnswers, type LoadShape, type RunResult } from './load/http-load.js';
import { runInProcessLoad } from './load/in-process-load.js';
import { findSustainedRate } from './load/sustained-rate.js';
import { measurementPlan, SUSTAINED } from './measurement-plan.js';
import { latencyChartSvg } from './report/latency-chart.js';
import { fanOutDelayText, markdownReport } from './report/markdown-report.js';
import { measurement, type Measurement } from './report/measurements.js';
import { judgeTargets } from './report/targets.js';
import { createPeerSchema } from './systems/peer-schema.js';
import { gatewayNodeOptions } from './systems/gateway-node-options.js';
import { ServerProcess } from './systems/server-process.js';
import { commandWorkloads } from './workloads/command-workloads.js';
import { fanOutDelayBetween, scrapeFanOutDelay, waitForFanOutsApplied } from './report/fan-out-delay.js';
import { readWorkloads, type SystemCall } from './workloads/read-workloads.js';
import { pickBusiestViewers, pickViewers } from './workloads/viewers.js';
import { badgeTotalPlans, type BadgeTotalPlan } from './workloads/badge-total-plans.js';
import { DatabaseActivity } from './report/database-activity.js';

/**
 * npm run bench [-- --quick] [--database hermet_bench] [--seed 42] [--only workload,…]
 * Starts the gateway, the floor and the peer as separate processes over the seeded database,
 * drives every workload with autocannon from this process, and writes bench/results/.
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    database: { type: 'string' },
    seed: { type: 'string', default: '42' },
    only: { type: 'string' },
  },
});
const plan = measurementPlan(values.quick!);
const seed = Number(values.seed);
const databaseUrl = benchDatabaseUrl(values.database ?? plan.database);
const jwtSecret = randomBytes(32).toString('hex');
const only = values.only?.split(',');
const PORTS = { gateway: 4610, floor: 4611, peer: 4612 };
const gatewayFlags = gatewayNodeOptions();

/**
 * Issue 4's throughput: the highest fixed rate with p99 ≤ 10 ms, searched below the rate the
 * system answered flat out; each probe is `runsPerShape` runs, and the rate found is reported
 * with its probe's runs.
 */
async function sustainedThroughput(workload: string, call: SystemCall, flatOut: number, runsOf: (call: SystemCall, shape: LoadShape) => Promise<RunResult[]>): Promise<Measurement> {
  const { probe, search } = plan.sustained;
  const found = await findSustainedRate((rate) => runsOf(call, { ...probe, rate }), flatOut, search);
  const { runs, ...searched } = found;
  return { ...measurement(workload, call.system, SUSTAINED, found.rate, probe.connections, [...runs]), sustained: searched };
}

async function main(): Promise<void> {
  const started = performance.now();
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await createPeerSchema(admin);
  const env = { DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret, NODE_ENV: 'production', DEMO_DATA: 'false', DATABASE_POOL_SIZE: '10' };
  const servers = {
    gateway: await ServerProcess.start('gateway', projectPath('dist', 'src', 'main.js'), { ...env, PORT: String(PORTS.gateway), BENCH_JOIN_BASELINE: '1' }, /Hermet gateway on/, gatewayFlags),
    floor: await ServerProcess.start('floor-http', projectPath('dist', 'bench', 'systems', 'floor-server.js'), { ...env, PORT: String(PORTS.floor) }, /floor listening/),
    peer: await ServerProcess.start('peer', projectPath('dist', 'bench', 'systems', 'peer-server.js'), { ...env, PORT: String(PORTS.peer) }, /peer listening/),
  };
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  pg.types.setTypeParser(20, (v) => v);
  const measurements: Measurement[] = [];
  const activity = await DatabaseActivity.open(admin);
  const requestsOf = (runs: readonly RunResult[]) => runs.reduce((n, r) => n + r.requests, 0);
  try {
    const viewers = await pickViewers(admin, jwtSecret, 1_000, seed);
    // The badge totals are measured for the one user with the most conversations (5,000+ at N ≥ 12,500).
    const busiest = await pickBusiestViewers(admin, jwtSecret, 1);
    const plans = (await Promise.all(busiest.map((v) => badgeTotalPlans(admin, v.id, 'before the runs')))).flat();
    const endpoints = { gateway: `http://127.0.0.1:${PORTS.gateway}`, floor: `http://127.0.0.1:${PORTS.floor}`, peer: `http://127.0.0.1:${PORTS.peer}` };
    const serverOf = (system: string) => (system.startsWith('gateway') ? servers.gateway : system === 'floor-http' ? servers.floor : system === 'peer' ? servers.peer : undefined);
    const drive = (call: SystemCall, shape: LoadShape): Promise<RunResult> =>
      call.http ? runHttpLoad(call.http.baseUrl, call.http.makeRequest, shape, serverOf(call.system)) : runInProcessLoad(call.inProcess!, shape);
    const runsOf = async (call: SystemCall, shape: LoadShape): Promise<RunResult[]> => {
      const runs: RunResult[] = [];
      for (let i = 0; i < plan.runsPerShape; i++) runs.push(await drive(call, shape));
      return runs;
    };

    for (const workload of readWorkloads(viewers, busiest, pool, endpoints, seed)) {
      if (only && !only.includes(workload.name)) continue;
      console.log(`\n${workload.name}: ${workload.description}`);
      for (const call of workload.systems) {
        const warm = await drive(call, plan.warmUp);
        if (!warm.valid) console.log(`  ${call.system}: warm-up had failures ${JSON.stringify(warm.failures)}`);
        for (const { label, shape } of plan.shapes) {
          const before = await activity.startWindow();
          const runs = await runsOf(call, shape);
          // Counted on the saturation runs only (the table's columns), to keep the whole run short.
          const m = { ...measurement(workload.name, call.system, label, shape.rate ?? null, shape.connections, runs),
            databaseWork: label === 'saturation' ? await activity.perRequest(before, requestsOf(runs)) : null };
          measurements.push(m);
          console.log(`  ${call.system.padEnd(24)} ${label.padEnd(12)} ${m.requestsPerSecond.median.toFixed(0).padStart(6)} req/s  p50 ${m.p50.median.toFixed(2)}  p95 ${m.p95.median.toFixed(2)}  p99 ${m.p99.median.toFixed(2)} ms${m.valid ? '' : `  INVALID ${JSON.stringify(runs.map((r) => r.failures))}`}`);
        }
        const flatOut = measurements.find((m) => m.workload === workload.name && m.system === call.system && m.shape === 'saturation');
        if (call.http && plan.sustained.workloads.includes(workload.name) && flatOut?.valid) {
          const m = await sustainedThroughput(workload.name, call, flatOut.requestsPerSecond.median, runsOf);
          measurements.push(m);
          console.log(`  ${call.system.padEnd(24)} ${SUSTAINED.padEnd(12)} ${String(m.sustained!.rate).padStart(6)} req/s  (probes: ${m.sustained!.probes.map((p) => `${p.rate} ${p.passed ? 'ok' : `p99 ${p.p99.toFixed(1)}`}`).join(', ')})`);
        }
      }
    }
    for (const command of await commandWorkloads(admin, jwtSecret, seed)) {
      if (only && !only.includes(command.name)) continue;
      // A fixed number of requests, each waited for: a slow command (a 500-member fan-out) answers
      // after its run's seconds are up, and a timed run would then count nothing.
      // A command slower than autocannon's default 10 s is measured, not counted as a timeout.
      const patient = { seconds: 300, timeoutSeconds: 120 };
      const shape = { ...patient, rate: command.rate, connections: command.connections, requests: command.rate * plan.commandSeconds };
      const alone = await runHttpLoad(endpoints.gateway, command.makeRequest, { ...patient, connections: 1, requests: 5 }, servers.gateway);
      measurements.push(measurement(command.name, 'gateway', 'command-alone', null, 1, [alone]));
      await runHttpLoad(endpoints.gateway, command.makeRequest, { ...shape, requests: command.rate * plan.commandWarmUpSeconds }, servers.gateway);
      const runs: RunResult[] = [];
      const settled = command.fansOutAfterCommit ? () => waitForFanOutsApplied(admin) : async () => 0;
      await settled();
      const delaysBefore = command.fansOutAfterCommit ? await scrapeFanOutDelay(endpoints.gateway, command.fansOutAfterCommit) : undefined;
      let drained = 0;
      const before = await activity.startWindow();
      for (let i = 0; i < plan.runsPerShape; i++) {
        runs.push(await runHttpLoad(endpoints.gateway, command.makeRequest, shape, servers.gateway));
        drained = Math.max(drained, await settled());
      }
      const m = { ...measurement(command.name, 'gateway', 'command', command.rate, command.connections, runs),
        databaseWork: await activity.perRequest(before, requestsOf(runs)),
        fanOutDelay: delaysBefore && fanOutDelayBetween(delaysBefore, await scrapeFanOutDelay(endpoints.gateway, command.fansOutAfterCommit!), drained) };
      measurements.push(m);
      console.log(`\n${command.name}: ${command.description}\n  alone p50 ${alone.p50.toFixed(2)} max ${alone.max.toFixed(1)} ms;` +
        `  ${command.rate}/s  p50 ${m.p50.median.toFixed(2)}  p95 ${m.p95.median.toFixed(2)}  p99 ${m.p99.median.toFixed(2)}  max ${m.max.median.toFixed(1)} ms` +
        `${m.valid ? '' : `  INVALID ${JSON.stringify(runs.map((r) => r.failures))}`}` +
        (m.fanOutDelay ? `\n  views show it: ${fanOutDelayText(m.fanOutDelay)}` : ''));
    }
    // Again once the commands have updated many of the busiest user's rows (what made counting the views slow).
    plans.push(...(await Promise.all(busiest.map((v) => badgeTotalPlans(admin, v.id, 'after the runs')))).flat());
    await writeResults(admin, measurements, plans, (performance.now() - started) / 1000, activity.countsStatements);
    // Wrong answers (not slow ones: timeouts, overload refusals) mean a broken system or harness: CI's bench:quick fails on them.
    const wrong = measurements.filter((m) => m.runs.some((r) => wrongAnswers(r) > 0) || m.sustained?.probes.some((p) => p.wrongAnswers > 0));
    if (wrong.length) {
      console.error(`wrong answers from: ${wrong.map((m) => `${m.workload}/${m.system}/${m.shape}`).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await pool.end();
    await admin.end();
    await Promise.all(Object.values(servers).map((s) => s.stop()));
  }
}

async function writeResults(admin: pg.Client, measurements: Measurement[], plans: BadgeTotalPlan[], seconds: number, statementsCounted: boolean): Promise<void> {
  const commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  const dirty = execSync('git status --porcelain', { encoding: 'utf8' }).trim() ? '+uncommitted changes' : '';
  const users = Number((await admin.query('SELECT count(*) AS n FROM "user"')).rows[0].n);
  // Command latencies depend on how much of the views the server caches (docs/benchmarks.md).
  const [version, ...server] = (await admin.query<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting
     FROM unnest(ARRAY['server_version', 'shared_buffers', 'max_wal_size', 'jit']) WITH ORDINALITY AS s(name, i) ORDER BY i`)).rows;
  const postgres = version.setting.split(' ')[0];
  const date = new Date().toISOString();
  const context = {
    date: date.slice(0, 16).replace('T', ' ') + ' UTC',
    commit: commit + dirty,
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM (load generator, servers and PostgreSQL share it)`,
    node: `${process.version} (gateway: ${gatewayFlags.join(' ')}, as npm start runs it)`,
    postgres: `PostgreSQL ${postgres} (${server.map((row) => `${row.name} ${row.setting}`).join(', ')})`,
    users,
    seed,
    plan: `Each system and list: a warm-up of ${plan.warmUp.seconds} s at ${plan.warmUp.rate} req/s; each shape: ${plan.runsPerShape} runs of ${plan.shapes[0].shape.seconds} s (fixed rates paced open loop over up to ${plan.shapes[0].shape.connections} connections, latency from each request's due time; saturation: autocannon, flat out; ${SUSTAINED}: the highest fixed rate whose p99 stayed within it, bisected below the flat-out rate in ${plan.sustained.search.probes} probes of ${plan.runsPerShape} × ${plan.sustained.probe.seconds} s judged on their median p99, for ${plan.sustained.workloads.join(' and ')}); whole run ${(seconds / 60).toFixed(1)} min.`,
    notes: [
      'Latency percentiles are computed from every response (at fixed rates: from when the request was due, bench/load/paced-load.ts); every response is checked (non-2xx, connection errors, timeouts, and bodies containing GraphQL "errors" make a run INVALID).',
      'floor-pg: the read-model SQL through pg from the benchmark process (no HTTP); floor-http: a bare node:http server running that SQL; gateway: GraphQL through Nest/Apollo; gateway-rest-read-model / gateway-rest-join: one plain JSON route in the same gateway process (BENCH_JOIN_BASELINE=1) that reads the read model (QueryBus) or computes the list by joins over the write side; peer: PostGraphile 5 over views of the same read model.',
      'DB xacts/req: PostgreSQL transactions per request in the benchmark database (pg_stat_database deltas over the saturation or command runs, autovacuum included). A PostGraphile request is one transaction of several statements (BEGIN; set_config; SELECT; COMMIT).',
      statementsCounted
        ? 'SQL stmts/req: top-level statements per request in the benchmark database (pg_stat_statements `calls` deltas over the same runs, BEGIN and COMMIT included; — where entries were evicted during the runs).'
        : 'SQL stmts/req: not counted, PostgreSQL does not preload pg_stat_statements (shared_preload_libraries); .ci/run sets it.',
    ],
  };
  const targets = judgeTargets(measurements);
  const dir = projectPath('bench', 'results');
  await mkdir(dir, { recursive: true });
  // A partial run (--only) is named after its workloads: it must not overwrite the full run of the same commit.
  const name = `${date.slice(0, 10)}-${commit}${values.quick ? '-quick' : ''}${only ? `-only-${only.join(',')}` : ''}`;
  await writeFile(join(dir, `${name}.json`), JSON.stringify({ context, targets, measurements, badgeTotalPlans: plans }, null, 1));
  const markdown = markdownReport(context, measurements, targets, plans);
  await writeFile(join(dir, `${name}.md`), markdown);
  await writeFile(join(dir, `${name}.svg`), latencyChartSvg(measurements));
  console.log(`\n${markdown}\nwrote bench/results/${name}.{json,md,svg}`);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
