import { Prisma } from '../database/generated/prisma/client.js';
import { PREPARED_STATEMENT_MARKER } from '../database/prepared-statements.js';
import type { Transaction } from '../database/transaction.js';
import { LOGICAL_SHARD_COUNT, type ShardNumber } from '../sharding/shard-router.js';
import { clockCte, lockedClocksCte } from './view-clock.js';
import type { ViewShards, ViewWrite } from './view-shards.js';

/**
 * How many shards one statement writes, and the fixed windows a large fan-out is cut into
 * (shards 0–31, 32–63, …). Measured (docs/fan-out.md): a statement over all 256 shards planned
 * and ran slower than the same work cut into a few statements, and per-shard statements spent
 * most of their time in round trips.
 */
const SHARDS_PER_WINDOW = 32;

/**
 * From how many touched shards a window is written by its canonical statement (every shard of the
 * window, prepared once per connection) rather than by a statement over the touched shards only
 * (planned on every execution). A direct message (1–2 shards) must not open 32 partitions; a
 * 500-member group touches ~28 of every 32.
 */
const MIN_SHARDS_FOR_WINDOW = 8;

/**
 * The write of one shard's view rows: SQL over that shard's table, joined to `clock`; or several
 * (one per view), which then share the owners' one new version.
 */
export type ShardWrite = (shard: ShardNumber, ownerIds: bigint[], clock: Prisma.Sql) => Prisma.Sql | Prisma.Sql[];

export interface FanOutOptions {
  /**
   * Send large fan-outs as canonical statements prepared on every connection (see fanOutViewWrite).
   * Only for a hot write whose SQL text is fixed by the code (values as parameters): each window's
   * statement keeps ~4 MB of plan memory on every connection that ran it (measured,
   * docs/fan-out.md), so only the deferred catch-ups use it (a large group's members, a popular
   * user's fans): their windows touch nearly every shard, and planning them was a fifth or more
   * of their statement time.
   */
  readonly prepared?: boolean;
}

type ShardOwners = [ShardNumber, bigint[]];

/** One statement to send: its shards in ascending order, and whether its text is canonical. */
interface Batch {
  readonly groups: ShardOwners[];
  readonly canonical: boolean;
}

/**
 * Writes the views of `ownerIds` held here with a few statements instead of one per shard: per
 * shard, a clock CTE and a write CTE (or one per view) that addresses that shard's partition by name.
 *
 * Why not one statement over the partitioned parents: on PostgreSQL 15 an UPDATE of
 * user_conversation_view joined to the owners plans all 256 partitions and their indexes; it
 * measured slower than the per-shard statements it would replace (docs/fan-out.md).
 *
 * Why canonical windows: parsing and planning a statement of 32 partitions cost more than running
 * it (docs/fan-out.md). A window touched by many owners is sent as the same text whichever of its
 * shards have owners (the others get an empty owner list), marked so that the driver prepares it
 * once per connection and PostgreSQL can reuse a generic plan. The texts are then fixed by the
 * code (one per write kind and window), so the prepared statements on a connection stay bounded.
 * Sparse windows keep the statement over the touched shards only, unnamed as before. Only writes
 * that ask for it (`prepared`) are sent so; any other keeps statements over its touched shards.
 *
 * Lock order stays (shard, user id): statements run in shard order; inside one, each shard's
 * clock locks nothing before the previous shard's clock has finished (its `after` condition), and
 * the final SELECT pulls the clocks in shard order, so that chain is never evaluated recursively.
 * The writes run after all the statement's clocks are held. A shard with no owners locks nothing.
 */
export async function fanOutViewWrite(
  { tx, shards }: ViewWrite,
  ownerIds: Iterable<bigint>,
  write: ShardWrite,
  { prepared = false }: FanOutOptions = {},
): Promise<void> {
  await runBatches(tx, shards.group(ownerIds), prepared, (shard, owners, clock, previous) => {
    const writes = [write(shard, owners, Prisma.raw(clock))].flat();
    const named = writes.map((sql, j) => Prisma.sql`${Prisma.raw(`${clock}_write_${j}`)} AS (${sql})`);
    return Prisma.join([clockCte(shard, owners, clock, previous), ...named], ',\n');
  });
}

/**
 * Locks the owners' clock rows in the clocks' lock order, (shard, user id), and writes nothing:
 * for a write that must read after every command on these owners has committed, which a
 * statement's own clock CTE cannot (its snapshot predates the lock wait). The same statements as
 * fanOutViewWrite's without the writes, canonical windows included (`prepared`): over the
 * partitioned clock table, PostgreSQL planned a window's ~30 partitions on every call.
 */
export async function lockOwnerClocks({ tx, shards }: ViewWrite, ownerIds: Iterable<bigint>, { prepared = false }: FanOutOptions = {}): Promise<void> {
  await runBatches(tx, shards.group(ownerIds), prepared, lockedClocksCte);
}

/** One shard's CTEs: its clock CTE named `clock`, after the previous shard's (`previous`). */
type ShardStep = (shard: ShardNumber, ownerIds: bigint[], clock: string, previous: string | undefined) => Prisma.Sql;

async function runBatches(tx: Transaction, groups: readonly ShardOwners[], prepared: boolean, step: ShardStep): Promise<void> {
  let generic = false;
  for (const batch of statementBatches(groups, prepared ? MIN_SHARDS_FOR_WINDOW : Infinity)) {
    if (batch.canonical !== generic) await tx.$executeRawUnsafe(planCacheMode((generic = batch.canonical)));
    await tx.$executeRaw(statement(batch, step));
  }
  if (generic) await tx.$executeRawUnsafe(planCacheMode(false));
}

/**
 * PostgreSQL's default (`auto`) kept planning the canonical statements anew on every execution
 * (0 generic plans in 80 executions, measured): their custom plans are estimated cheaper, since
 * they see how many owners each shard has. Their generic plans find every row by primary key
 * (docs/fan-out.md), so they are forced for those statements only, for this transaction only:
 * a generic plan of another statement could be bad (one over the parents took a join filter over
 * the whole channel). `TO DEFAULT` restores the server's or database's setting.
 */
function planCacheMode(generic: boolean): string {
  return generic ? 'SET LOCAL plan_cache_mode = force_generic_plan' : 'SET LOCAL plan_cache_mode TO DEFAULT';
}

/**
 * Cuts shard groups (ascending) into statements, in shard order: a window with at least
 * `minForWindow` touched shards becomes its canonical statement; the touched shards of sparser
 * windows are gathered, up to SHARDS_PER_WINDOW a statement.
 */
function statementBatches(groups: readonly ShardOwners[], minForWindow: number): Batch[] {
  const batches: Batch[] = [];
  let sparse: ShardOwners[] = [];
  const flushSparse = () => {
    for (let start = 0; start < sparse.length; start += SHARDS_PER_WINDOW) {
      batches.push({ groups: sparse.slice(start, start + SHARDS_PER_WINDOW), canonical: false });
    }
    sparse = [];
  };
  for (const [window, touched] of byWindow(groups)) {
    if (touched.length < minForWindow) {
      sparse.push(...touched);
      continue;
    }
    flushSparse();
    batches.push({ groups: wholeWindow(window, touched), canonical: true });
  }
  flushSparse();
  return batches;
}

/**
 * The owners cut by fixed window of shards (0–31, 32–63, …), windows ascending: the units a
 * fan-out done in several transactions commits one at a time.
 */
export function ownersByWindow(shards: ViewShards, ownerIds: Iterable<bigint>): bigint[][] {
  return [...byWindow(shards.group(ownerIds)).values()].map((groups) => groups.flatMap(([, owners]) => owners));
}

function byWindow(groups: readonly ShardOwners[]): Map<number, ShardOwners[]> {
  const windows = new Map<number, ShardOwners[]>();
  for (const group of groups) {
    const window = Math.floor(group[0] / SHARDS_PER_WINDOW);
    const touched = windows.get(window);
    if (touched) touched.push(group);
    else windows.set(window, [group]);
  }
  return windows;
}

/** Every shard of the window, in order, with its owners (none where nobody is touched). */
function wholeWindow(window: number, touched: readonly ShardOwners[]): ShardOwners[] {
  const owners = new Map(touched);
  const first = window * SHARDS_PER_WINDOW;
  const last = Math.min(first + SHARDS_PER_WINDOW, LOGICAL_SHARD_COUNT);
  const all: ShardOwners[] = [];
  for (let shard = first; shard < last; shard++) all.push([shard as ShardNumber, owners.get(shard as ShardNumber) ?? []]);
  return all;
}

function statement({ groups, canonical }: Batch, step: ShardStep): Prisma.Sql {
  const clockName = (i: number) => `clock_${i}`;
  const steps = groups.map(([shard, owners], i) => step(shard, owners, clockName(i), i > 0 ? clockName(i - 1) : undefined));
  const inShardOrder = groups.map((_, i) => Prisma.raw(`SELECT count(*) FROM ${clockName(i)}`));
  const marker = Prisma.raw(canonical ? `${PREPARED_STATEMENT_MARKER}\n` : '');
  return Prisma.sql`${marker}WITH ${Prisma.join(steps, ',\n')}\n${Prisma.join(inShardOrder, '\nUNION ALL ')}`;
}
