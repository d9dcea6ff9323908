import { readFileSync } from 'node:fs';
import type pg from 'pg';

/**
 * CPU seconds spent by the seed: this process, and the PostgreSQL backends of its connections
 * when the server runs on this machine (read from /proc). On a machine shared with other work,
 * these say what a step costs where its wall-clock time does not.
 */
export interface CpuClock {
  read(): { node: number; postgres: number | null };
}

export async function cpuClock(connections: readonly pg.Client[]): Promise<CpuClock> {
  const pids: number[] = [];
  for (const c of connections) pids.push((await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  const local = pids.every((pid) => commandLine(pid).includes('postgres'));
  return {
    read: () => {
      const usage = process.cpuUsage();
      return { node: (usage.user + usage.system) / 1e6, postgres: local ? pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0) : null };
    },
  };
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** utime + stime of a process, in seconds (clock ticks of 1/100 s). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
