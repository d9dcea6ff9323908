import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * A system under test running in its own process (the load generator must not share its event
 * loop), with what the report needs from the outside: resident memory and CPU time.
 */
export class ServerProcess {
  private peakRssBytes = 0;
  private sampler: NodeJS.Timeout | undefined;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(name: string, script: string, env: Record<string, string>, readyLine: RegExp, nodeOptions: string[] = []): Promise<ServerProcess> {
    const child = spawn(process.execPath, [...nodeOptions, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new ServerProcess(name, child);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start in 60 s:\n${output}`)), 60_000);
      const onData = (data: Buffer) => {
        output += data.toString();
        if (readyLine.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${output}`)));
    });
    // Keep draining its output so a chatty server never blocks on a full pipe.
    child.stdout!.resume();
    child.stderr!.resume();
    server.sampler = setInterval(() => server.sampleRss(), 200).unref();
    return server;
  }

  /** User + system CPU time of the process so far, in milliseconds. */
  cpuMs(): number {
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
  }

  rssMb(): number {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  }

  /** The highest RSS seen since the last call (sampled every 200 ms). */
  takePeakRssMb(): number {
    this.sampleRss();
    const peak = this.peakRssBytes / 1024 / 1024;
    this.peakRssBytes = 0;
    return peak;
  }

  async stop(): Promise<void> {
    clearInterval(this.sampler);
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private sampleRss(): void {
    try {
      this.peakRssBytes = Math.max(this.peakRssBytes, this.rssMb() * 1024 * 1024);
    } catch {
      // the process is gone; the next run reports it
    }
  }
}
