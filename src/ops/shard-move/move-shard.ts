import type { Database } from '../../database/database.js';
import type { Transaction } from '../../database/transaction.js';
import { InvalidInputError } from '../../errors/domain-error.js';
import { holdProjectorLock, withProjectorHeld } from '../../projector/database-projector.js';
import { readCheckpoint } from '../../projector/projection-checkpoint.js';
import { catchUpShard } from '../../projector/shard-catch-up.js';
import type { ShardMap } from '../../sharding/shard-map.js';
import { holdPlacementLock, recordMove } from '../../sharding/shard-placement.js';
import type { ShardNumber } from '../../sharding/shard-router.js';
import { copyShard, differingTables, shardDigest, type TableDigest } from './shard-rows.js';

export interface ShardMoveOptions {
  /** How long the switch waits for commands in flight before giving up (nothing moved then). */
  readonly lockWaitMs: number;
  /** Outbox events per catch-up read. */
  readonly batchSize: number;
  /** The longest the whole move may hold commands off (its primary transaction's timeout). */
  readonly timeoutMs: number;
  readonly onStep?: (step: string) => void;
  readonly onRows?: (rows: number) => void;
}

export interface ShardMoveReport {
  readonly shard: number;
  readonly from: string;
  readonly to: string;
  /** Outbox events re-applied to the source's shard first (a projected source may lag). */
  readonly caughtUpEvents: number;
  readonly rowsCopied: number;
  /** Per table: rows and checksum on the source, after catch-up, and on the target. */
  readonly source: readonly TableDigest[];
  readonly target: readonly TableDigest[];
  /** Tables whose count or checksum differ: non-empty means nothing was switched. */
  readonly mismatched: readonly string[];
  readonly switched: boolean;
  /** How long commands were held off (lock taken → commit). */
  readonly commandsHeldMs: number;
  /** The source's copy stays (frozen) for gateways that have not re-read the placement yet. */
  readonly sourceKept: true;
}

/** The copy did not verify: the transactions roll back with this, carrying the report. */
class CopyMismatch extends Error {
  constructor(readonly report: ShardMoveReport) {
    super(`shard ${report.shard}: copy differs in ${report.mismatched.join(', ')}`);
  }
}

/**
 * `hermet shards move`: places `shard` on database `to`. Commands are held off (the placement
 * lock, see shard-placement.ts) from the start to the switch; a projected source's projector
 * stands by and a projected target's too. Then: the source's shard is caught up with every
 * committed event (projected source only: the primary's is current with its commands), copied
 * to the target exactly, verified (row counts and md5 per table on both), the placement switched
 * on the primary, the target committed before the switch and the switch last, so whatever fails
 * leaves the shard served where it was. Projectors and gateways follow the new placement at
 * their next round / command / refresh.
 */
export async function moveShard(shards: ShardMap, shard: ShardNumber, to: string, options: ShardMoveOptions): Promise<ShardMoveReport> {
  await shards.refresh();
  const from = shards.databaseNameFor(shard);
  const target = shards.databaseNamed(to);
  if (!target) throw new InvalidInputError('UNKNOWN_DATABASE', `the shard map names no database "${to}" (known: ${shards.databases().map((d) => d.name).join(', ')})`);
  if (from === to) throw new InvalidInputError('ALREADY_THERE', `shard ${shard} is already on ${to}`);
  const source = shards.databaseFor(shard);
  const primary = shards.primary;
  const step = options.onStep ?? (() => undefined);
  try {
    return await heldIfProjected(primary, source, () =>
      primary.prisma.$transaction(
        async (txP) => {
          step(`holding commands off (waiting at most ${options.lockWaitMs} ms for those in flight)`);
          await holdPlacementLock(txP, options.lockWaitMs);
          const heldAt = Date.now();
          await shards.refresh(txP);
          if (shards.databaseNameFor(shard) !== from) throw new InvalidInputError('MOVED_MEANWHILE', `shard ${shard} was moved by another move meanwhile; nothing done`);
          const report = await onTarget(primary, target, txP, options.timeoutMs, async (txT) => {
            const caughtUpEvents = source === primary ? 0 : await catchUpSource(primary, source, shard, options);
            step(`caught up ${caughtUpEvents} events on ${from}; copying`);
            const sourceRows = source === primary ? txP : source.prisma;
            const rowsCopied = await copyShard(sourceRows, txT, shard, options.onRows);
            const digests = { source: await shardDigest(sourceRows, shard), target: await shardDigest(txT, shard) };
            const mismatched = differingTables(digests.source, digests.target);
            const report = { shard, from, to, caughtUpEvents, rowsCopied, ...digests, mismatched, switched: mismatched.length === 0, sourceKept: true as const };
            if (mismatched.length > 0) throw new CopyMismatch({ ...report, commandsHeldMs: Date.now() - heldAt });
            step(`copied ${rowsCopied} rows, verified; switching`);
            return report;
          });
          await recordMove(txP, shard, to, BigInt(Date.now()));
          return { ...report, commandsHeldMs: Date.now() - heldAt };
        },
        { timeout: options.timeoutMs, maxWait: options.lockWaitMs },
      ),
    );
  } catch (error) {
    if (error instanceof CopyMismatch) return error.report;
    throw error;
  }
}

/** A projected source's projector stands by for the whole move (the primary's shard has no projector). */
function heldIfProjected<T>(primary: Database, source: Database, work: () => Promise<T>): Promise<T> {
  return source === primary ? work() : withProjectorHeld(source, work);
}

/** Runs `work` in the transaction that writes the target: the primary's, or one on the target holding its projector off (committed before the switch). */
function onTarget<T>(primary: Database, target: Database, txP: Transaction, timeoutMs: number, work: (tx: Transaction) => Promise<T>): Promise<T> {
  if (target === primary) return work(txP);
  return target.prisma.$transaction(
    async (txT) => {
      await holdProjectorLock(txT);
      return work(txT);
    },
    { timeout: timeoutMs },
  );
}

/** The source's shard, brought up to every committed event from its projector's checkpoint (committed on the source). */
async function catchUpSource(primary: Database, source: Database, shard: ShardNumber, options: ShardMoveOptions): Promise<number> {
  const from = await readCheckpoint(source.prisma);
  return source.prisma.$transaction((tx) => catchUpShard(primary, tx, shard, from, options.batchSize), { timeout: options.timeoutMs });
}
