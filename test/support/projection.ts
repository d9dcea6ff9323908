import { writeFile } from 'node:fs/promises';
import type { DatabaseProjector } from '../../src/projector/database-projector.js';

/** Odd logical shards on database b, even ones on the primary. */
export const SHARDS_ON_B = Array.from({ length: 128 }, (_, i) => 2 * i + 1);
export const SHARDS_ON_PRIMARY = Array.from({ length: 128 }, (_, i) => 2 * i);

/** Writes a shard map file placing SHARDS_ON_B on database `b` at `urlB`. */
export async function writeSplitShardMap(path: string, urlB: string): Promise<string> {
  const shards = Object.fromEntries([...SHARDS_ON_B.map((s) => [`${s}`, 'b']), ...SHARDS_ON_PRIMARY.map((s) => [`${s}`, 'primary'])]);
  await writeFile(path, JSON.stringify({ databases: { b: urlB }, shards }));
  return path;
}

/** Catches `projector` up, failing if another projector holds its database; answers the events applied. */
export async function projectUntilCaughtUp(projector: DatabaseProjector): Promise<number> {
  const { events, leader } = await projector.catchUp();
  if (!leader) throw new Error(`another projector holds ${projector.name}`);
  return events;
}

/** A user id whose views are on the given side. */
export function isOnB(userId: string | bigint): boolean {
  return BigInt(userId) % 2n === 1n;
}

/** Runs `work` while `projector` runs in the background (as `hermet project` would), then stops it. */
export async function whileProjecting<T>(projector: DatabaseProjector, work: () => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const running = projector.run(stop.signal);
  try {
    return await work();
  } finally {
    stop.abort();
    await running;
  }
}
