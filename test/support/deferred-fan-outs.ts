import { shardOf } from '../../src/sharding/shard-router.js';
import { DeferredFanOutWorker } from '../../src/projections/deferred-fan-out/deferred-fan-out.worker.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

/**
 * Runs `work` while a transaction holds one owner's clock row. A deferred fan-out locks its
 * owners' clocks in (shard, user id) order before it writes anything, so holding the first owner's
 * stops it before it has changed or locked anything.
 */
export async function withClockHeld<T>(gateway: TestGateway, ownerId: string, work: () => Promise<T>): Promise<T> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const holder = gateway.database.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT user_id FROM user_view_state WHERE user_id = ${BigInt(ownerId)} FOR UPDATE`;
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

/** The owner a deferred fan-out over `ownerIds` locks first. */
export function firstInLockOrder(ownerIds: readonly string[]): string {
  return [...ownerIds].sort((a, b) => shardOf(BigInt(a)) - shardOf(BigInt(b)) || Number(BigInt(a) - BigInt(b)))[0];
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
