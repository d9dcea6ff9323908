import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import pg from 'pg';

/**
 * A `hermet` subcommand (relay, project…) of a build from ./gateway-process.ts `buildGateway`,
 * running as a real child process, as an operator starts it: `node dist/src/cli/hermet.js <args>`.
 */
export interface CliProcess {
  readonly pid: number;
  /** The exit code or signal once it ended; undefined while it runs. */
  exited(): string | undefined;
  /** Everything it printed so far (stdout and stderr), line by line. */
  readonly lines: string[];
  /** Whether it has printed its start-up line (its modules are loaded; work begins). */
  started(): boolean;
  /** Sends `signal` and waits for the end (SIGKILL: a crash; SIGTERM: an operator's stop). */
  end(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

export function startCliProcess(outDir: string, args: readonly string[], env: Record<string, string>): CliProcess {
  const child = spawn('node', [join(outDir, 'src/cli/hermet.js'), ...args], {
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exit: string | undefined;
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...String(chunk).split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = once(child, 'exit').then(([code, signal]) => (exit = signal ?? String(code)));
  if (process.env.TEST_LOG_LEVEL) child.stdout.pipe(process.stdout);
  return {
    pid: child.pid!,
    exited: () => exit,
    lines,
    started: () => lines.length > 0,
    async end(signal) {
      if (exit === undefined) child.kill(signal);
      await exited;
    },
  };
}

export type Fault = 'kill' | 'terminateSessions';

/** One step of a crash plan: `afterMs` into the current process's work, inflict `fault`. */
export interface PlannedFault {
  readonly afterMs: number;
  readonly fault: Fault;
}

/**
 * Faults decided up front from a seed (the same seed, the same plan): mostly SIGKILLs, one in
 * `terminateEvery` a termination of the process's database sessions (the process lives on).
 */
export function planFaults(seed: number, count: number, afterMs: { min: number; max: number }, terminateEvery = 5): PlannedFault[] {
  const step = fc.record({ afterMs: fc.integer(afterMs), fault: fc.integer({ min: 1, max: terminateEvery }) });
  const drawn = fc.sample(fc.array(step, { minLength: count, maxLength: count }), { seed, numRuns: 1 })[0];
  // The second fault is always a termination, so even a short run has one.
  return drawn.map((s, n) => ({ afterMs: s.afterMs, fault: s.fault === 1 || n === 1 ? 'terminateSessions' : 'kill' }));
}

export interface CrashLoopFigures {
  /** Processes started, the first included. */
  starts: number;
  kills: number;
  /** Terminations of database sessions, and how many sessions they ended. */
  sessionTerminations: number;
  sessionsTerminated: number;
  /** Ends the loop did not cause (a process that gave up by itself): should be 0. */
  unexpectedExits: number;
}

/**
 * Keeps a CLI process running under a crash plan: follows the plan step by step, restarting
 * after each kill (and after any exit it did not cause), until `stop` runs out of plan or is
 * called. Then the last process stays up, so the caller can let it drain.
 */
export class CrashLoop {
  readonly figures: CrashLoopFigures = { starts: 0, kills: 0, sessionTerminations: 0, sessionsTerminated: 0, unexpectedExits: 0 };
  /** Every line any of its processes printed. */
  readonly lines: string[] = [];
  private process: CliProcess;
  private stopped = false;
  private closed = false;
  private readonly running: Promise<void>;

  constructor(
    private readonly start: () => CliProcess,
    plan: readonly PlannedFault[],
    /** Ends the process's database sessions; answers how many it ended. */
    private readonly terminateSessions: () => Promise<number>,
  ) {
    this.process = this.restart();
    this.running = this.follow(plan);
  }

  get current(): CliProcess {
    return this.process;
  }

  /** Stops inflicting faults (the plan may be longer than the storm) and waits for the step in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /**
   * Keeps following the plan until it has killed `kills` processes and a session termination
   * ended a session, then stops: on a fast machine a storm can be over after a few lives.
   */
  async stopOnceStruck(kills: number, timeoutMs = 120_000): Promise<void> {
    await waitUntil(`${kills} kills and a session termination that hit`, () => this.figures.kills >= kills && this.figures.sessionsTerminated > 0, timeoutMs);
    await this.stop();
  }

  /** Stops the loop and ends the last process as an operator would (SIGTERM). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.stop();
    await this.process.end('SIGTERM');
    this.lines.push(...this.process.lines);
  }

  private async follow(plan: readonly PlannedFault[]): Promise<void> {
    for (const { afterMs, fault } of plan) {
      await this.live(afterMs);
      if (this.stopped) return;
      if (fault === 'kill') {
        await this.process.end('SIGKILL');
        this.figures.kills++;
        this.replace();
      } else {
        this.figures.sessionTerminations++;
        this.figures.sessionsTerminated += await this.terminateSessions();
      }
    }
  }

  /**
   * Waits until the process has worked `afterMs` since its start-up line (loading modules takes
   * seconds on a busy machine: a fault during it would never hit the work), restarting it if it
   * ends by itself meanwhile.
   */
  private async live(afterMs: number): Promise<void> {
    let since: number | undefined;
    while (!this.stopped && (since === undefined || Date.now() - since < afterMs)) {
      await sleep(20);
      if (this.process.exited() !== undefined) {
        this.figures.unexpectedExits++;
        this.replace();
        since = undefined;
      } else if (since === undefined && this.process.started()) {
        since = Date.now();
      }
    }
  }

  private replace(): void {
    this.lines.push(...this.process.lines);
    this.process = this.restart();
  }

  private restart(): CliProcess {
    this.figures.starts++;
    return this.start();
  }
}

/** Ends every session of `applicationName` (set in the child's DATABASE_URL) on the server. */
export async function terminateSessionsOf(serverUrl: string, applicationName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query('SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    return rows[0].n;
  } finally {
    await admin.end();
  }
}

/** Polls a condition the processes under test will make true (a bounded wait, not a timing assertion). */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await sleep(50);
  }
}
