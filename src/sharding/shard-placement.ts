import { Prisma } from '../database/generated/prisma/client.js';
import type { Transaction } from '../database/transaction.js';
import type { ShardNumber } from './shard-router.js';

type Queryable = Pick<Prisma.TransactionClient, '$queryRaw'>;

/**
 * Orders commands and a shard move's switch on the primary (advisory locks are per database).
 * A command's transaction takes it shared, before it writes any view, and then reads the
 * placement generation: the switch takes it exclusively, so it waits for every command in flight
 * and every command after it reads the new generation. No command commits view writes (or skips
 * them) for a placement the switch has already replaced.
 */
const PLACEMENT_LOCK = 727_011;

/** The moved shards (shard → database name) as of `generation`. */
export interface MovedShards {
  readonly generation: bigint;
  readonly moves: ReadonlyMap<ShardNumber, string>;
}

/** The moves recorded on the primary, unless their generation is still `known` (one single-row read then). */
export async function readMovedShards(db: Queryable, known: bigint | undefined): Promise<MovedShards | undefined> {
  const [{ generation }] = await db.$queryRaw<{ generation: bigint }[]>`SELECT generation FROM shard_placement_generation WHERE id = 1`;
  if (generation === known) return undefined;
  const rows = await db.$queryRaw<{ shard: number; name: string }[]>`SELECT shard, database_name AS name FROM shard_placement`;
  return { generation, moves: new Map(rows.map((r) => [r.shard as ShardNumber, r.name])) };
}

/** A command's side of the lock (held until its transaction ends); must precede its first write. */
export async function sharePlacementLock(tx: Transaction): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock_shared(${PLACEMENT_LOCK})`;
}

/**
 * The switch's side: waits at most `waitMs` for the commands in flight (new ones queue behind it
 * meanwhile), then holds every command off until `tx` ends.
 */
export async function holdPlacementLock(tx: Transaction, waitMs: number): Promise<void> {
  await tx.$queryRaw`SELECT set_config('lock_timeout', ${`${Math.trunc(waitMs)}ms`}, true)`;
  await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${PLACEMENT_LOCK})`;
  await tx.$queryRaw`SELECT set_config('lock_timeout', '0', true)`;
}

/** Records `shard` on `database` and raises the generation (commits with `tx`). */
export async function recordMove(tx: Transaction, shard: ShardNumber, database: string, now: bigint): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO shard_placement (shard, database_name, moved_at) VALUES (${shard}, ${database}, ${now})
    ON CONFLICT (shard) DO UPDATE SET database_name = EXCLUDED.database_name, moved_at = EXCLUDED.moved_at`;
  await tx.$executeRaw`UPDATE shard_placement_generation SET generation = generation + 1 WHERE id = 1`;
}
