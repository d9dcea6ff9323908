import { ownersByWindow } from '../../src/projections/view-fan-out.js';
import { ViewShards } from '../../src/projections/view-shards.js';
import { DeferredFanOutWorker } from '../../src/projections/deferred-fan-out/deferred-fan-out.worker.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

/**
 * Runs `work` while a transaction holds some owners' clock rows. A deferred fan-out locks each
 * window's clocks in (shard, user id) order before it writes anything, so holding the first
 * owner of every window (firstInEachWindow) stops it before it has changed or locked anything.
 */
export async function withClocksHeld<T>(gateway: TestGateway, ownerIds: readonly string[], work: () => Promise<T>): Promise<T> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const holder = gateway.database.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT user_id FROM user_view_state WHERE user_id = ANY(${ownerIds.map(BigInt)}::bigint[]) FOR UPDATE`;
    held();
    await released;
  }, { timeout: 60_000 });
  await isHeld;
  try {
    return await work();
  } finally {
    release();
    await holder;
  }
}

/** The owner each window of a deferred fan-out over `ownerIds` locks first. */
export function firstInEachWindow(ownerIds: readonly string[]): string[] {
  const ascending = ownerIds.map(BigInt).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ownersByWindow(ViewShards.ALL, ascending).map((window) => String(window[0]));
}

/** Starts another instance over the same database and lets its worker apply what is pending. */
export async function drainOnAnotherInstance(gateway: TestGateway): Promise<void> {
  const other = await startTestGateway({ sharing: gateway });
  try {
    await other.app.get(DeferredFanOutWorker).drain();
  } finally {
    await other.close();
  }
}
