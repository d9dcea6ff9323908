import type { BadgeTotalPlan } from '../workloads/badge-total-plans.js';
import type { FanOutDelay } from './fan-out-delay.js';
import { failedRequests, type Measurement } from './measurements.js';
import { SUSTAINED } from '../measurement-plan.js';
import { ms, ratio, type TargetLine } from './targets.js';

export interface RunContext {
  readonly date: string;
  readonly commit: string;
  readonly machine: string;
  readonly node: string;
  readonly postgres: string;
  readonly users: number;
  readonly seed: number;
  readonly plan: string;
  readonly notes: readonly string[];
}

/** The run as markdown: context, targets, then one table per workload. */
export function markdownReport(context: RunContext, measurements: readonly Measurement[], targets: readonly TargetLine[], plans: readonly BadgeTotalPlan[] = []): string {
  const out: string[] = [];
  out.push(`Run ${context.date}, commit ${context.commit}; ${context.machine}; Node ${context.node}; ${context.postgres}.`);
  out.push(`N = ${context.users.toLocaleString('en-US')} users (seed ${context.seed}). ${context.plan}`, '');
  out.push('| target | measured | verdict |', '| --- | --- | --- |');
  for (const t of targets) out.push(`| ${t.target} | ${t.measured} | ${t.verdict} |`);

  const reads = measurements.filter((m) => !m.shape.startsWith('command'));
  for (const workload of [...new Set(reads.map((m) => m.workload))]) out.push('', ...readTable(workload, reads.filter((m) => m.workload === workload)));

  if (plans.length) {
    out.push('', '**badge totals** — how PostgreSQL answered them for the user with the most conversations (EXPLAIN ANALYZE, BUFFERS), before the runs and after the commands wrote', '');
    out.push('| total | when | user | rows in their list | scan | index | rows read | heap fetches | buffers | execution |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const p of plans) {
      out.push(`| ${p.total} | ${p.when} | ${p.userId} | ${p.listRows.toLocaleString('en-US')} | ${p.scan} | ${p.index ?? '—'} | ${p.rowsRead.toLocaleString('en-US')} | ${p.heapFetches ?? '—'} | ${p.sharedBuffers} | ${ms(p.executionMs)} |`);
    }
  }

  const commands = measurements.filter((m) => m.shape === 'command');
  if (commands.length) {
    out.push('', '**commands** through the gateway (GraphQL mutations), fixed rate, median of the runs', '');
    out.push('| command | alone (one at a time) p50 / max | rate, connections | p50 | p95 | p99 | max | failed requests | DB xacts/req | SQL stmts/req |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const m of commands) {
      const alone = measurements.find((a) => a.shape === 'command-alone' && a.workload === m.workload);
      const aloneCell = alone ? `${ms(alone.p50.median)} / ${ms(alone.max.median)}` : '—';
      const failed = m.runs.reduce((n, r) => n + failedRequests(r), 0);
      const overloaded = m.runs.reduce((n, r) => n + r.failures.overloaded, 0);
      out.push(`| ${m.workload} | ${aloneCell} | ${m.targetRate}/s, ${m.connections} | ${ms(m.p50.median)} | ${ms(m.p95.median)} | ${ms(m.p99.median)} | ${ms(m.max.median)} | ${failed} of ${m.runs.reduce((n, r) => n + r.requests, 0)}${overloaded ? ` (${overloaded} refused as overloaded)` : ''} | ${xacts(m)} | ${statements(m)} |`);
    }
  }
  for (const m of commands.filter((c) => c.fanOutDelay)) out.push('', `**${m.workload}**, views show it (deferred fan-out): ${fanOutDelayText(m.fanOutDelay!)}`);
  if (context.notes.length) out.push('', ...context.notes.map((n) => `- ${n}`));
  return out.join('\n') + '\n';
}

/**
 * One workload's systems. Where the highest rate with p99 ≤ 10 ms was searched for, that is the
 * throughput the ratios compare (issue 4's definition); elsewhere the flat-out rate.
 */
function readTable(workload: string, rows: readonly Measurement[]): string[] {
  const at = (system: string, shape: string) => rows.find((m) => m.system === system && m.shape === shape);
  const searched = rows.some((m) => m.shape === SUSTAINED);
  const throughput = (system: string) => (searched ? at(system, SUSTAINED)?.sustained?.rate : at(system, 'saturation')?.requestsPerSecond.median);
  const [floor, gateway] = [throughput('floor-http'), throughput('gateway')];
  const out = [
    `**${workload}** — p50 / p95 / p99 latency at a fixed rate; ${searched ? `${SUSTAINED}: the highest fixed rate whose p99 stayed within it (the p99 of the runs at that rate), the throughput the ratios compare; ` : ''}saturation = req/s with 16 connections, flat out (median of the runs, min–max)`,
    '',
    `| system | 300 req/s | 1,000 req/s | ${searched ? `req/s at ${SUSTAINED} | ` : ''}saturation req/s | p99 at saturation | ÷ floor-http | ÷ gateway | server CPU ms/req | DB xacts/req | SQL stmts/req | peak RSS |`,
    `|${' --- |'.repeat(searched ? 12 : 11)}`,
  ];
  for (const system of [...new Set(rows.map((m) => m.system))]) {
    const lat = (shape: string) => {
      const m = at(system, shape);
      if (!m) return '—';
      const flag = !m.valid ? ' INVALID' : !m.rateReached ? ` (only ${m.requestsPerSecond.median.toFixed(0)} req/s)` : '';
      return `${ms(m.p50.median)} / ${ms(m.p95.median)} / ${ms(m.p99.median)}${flag}`;
    };
    const sat = at(system, 'saturation');
    const rps = sat?.requestsPerSecond;
    const own = throughput(system);
    const over = (base: number | undefined) => (own !== undefined && base !== undefined ? ratio(own, base) : '—');
    const cpu = sat?.serverCpuMsPerRequest;
    const rss = Math.max(...rows.filter((m) => m.system === system).map((m) => m.serverPeakRssMb ?? 0));
    const sustainedCell = searched ? `${sustainedText(at(system, SUSTAINED))} | ` : '';
    out.push(`| ${system} | ${lat('300 req/s')} | ${lat('1,000 req/s')} | ${sustainedCell}${rps ? `${rps.median.toFixed(0)} (${rps.min.toFixed(0)}–${rps.max.toFixed(0)})${sat.valid ? '' : ' INVALID'}` : '—'} | ${sat ? ms(sat.p99.median) : '—'} | ${over(floor)} | ${over(gateway)} | ${cpu != null ? cpu.toFixed(2) : '—'} | ${xacts(sat)} | ${statements(sat)} | ${rss ? `${rss.toFixed(0)} MB` : '—'} |`);
  }
  return out;
}

function sustainedText(m: Measurement | undefined): string {
  const found = m?.sustained;
  if (!m || !found) return '—';
  if (found.rate === 0) return `none: p99 over the bound at every probe, down to ${found.failedAt} req/s`;
  return `${found.rate} (p99 ${ms(m.p99.median)}, ${ms(m.p99.min)}–${ms(m.p99.max)})${m.valid ? '' : ' INVALID'}`;
}

export function fanOutDelayText(d: FanOutDelay): string {
  const p99 = d.p99AtMostMs === null ? 'beyond the last bucket' : `≤ ${ms(d.p99AtMostMs)}`;
  return `${d.catchUps} catch-ups, delay from the oldest command each covered: mean ${ms(d.meanMs)}, p99 ${p99} (histogram bucket); ` +
    `every row current ${ms(d.drainAfterLastSendMs)} after a run's last answer (max of the runs)`;
}

function xacts(m: Measurement | undefined): string {
  return m?.databaseWork ? m.databaseWork.transactions.toFixed(2) : '—';
}

function statements(m: Measurement | undefined): string {
  return m?.databaseWork?.statements != null ? m.databaseWork.statements.toFixed(2) : '—';
}
