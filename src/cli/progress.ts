import { SingleBar, Presets } from 'cli-progress';

/** A progress bar with rate and ETA on stderr, only for a person at a terminal (not with --json). */
export function progressBar(total: number, unit: string, quiet: boolean) {
  if (quiet || !process.stderr.isTTY) return { tick: (_n: number) => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { format: `{bar} {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`, stream: process.stderr },
    Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { rate: '0' });
  return {
    tick: (n: number) => bar.increment(n, { rate: (bar.getProgress() * total / Math.max((Date.now() - started) / 1000, 0.001)).toFixed(0) }),
    stop: () => bar.stop(),
  };
}
