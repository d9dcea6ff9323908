import { Prisma } from '../database/generated/prisma/client.js';
import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import type { EventViewKeys } from '../projections/event-view-keys.js';
import { ensureViewClocks, ownersWithDifferences, raiseSyncFloor, upsertRows, VIEW_TABLES } from '../projections/recomputed-rows.js';
import { expectedContactRows, expectedConversationRows, rowsShowingLastSender } from '../projections/view-recomputation.js';
import type { ViewShards } from '../projections/view-shards.js';
import { LOGICAL_SHARD_COUNT, groupByShard, shardOf, type ShardNumber } from '../sharding/shard-router.js';

type RowKey = readonly [owner: bigint, other: bigint];

/** Concrete view rows: conversation rows (owner, channel), contact rows (owner, friend), and owners needing a clock. */
export interface RowKeys {
  readonly conversations: readonly RowKey[];
  readonly contacts: readonly RowKey[];
  readonly clocks: readonly bigint[];
}

/**
 * The rows the events can change whose owners' views are `here`: channels become their
 * membership rows, profiles the rows that show them (reverse indexes, last messages they sent),
 * all read on the primary.
 */
export async function rowKeysOf(primary: Database, keys: readonly EventViewKeys[], here: ViewShards): Promise<RowKeys> {
  const channels = unique(keys.flatMap((k) => k.channels ?? []));
  const profiles = unique(keys.flatMap((k) => k.profiles ?? []));
  const found = channels.length + profiles.length === 0 ? [] : await primary.prisma.$queryRaw<{ owner: bigint; other: bigint; contact: boolean }[]>`
    SELECT user_id AS owner, channel_id AS other, FALSE AS contact FROM channel_member WHERE channel_id = ANY(${channels}::bigint[])
    UNION ALL
    SELECT owner_user_id, channel_id, FALSE FROM conversation_reverse_index WHERE peer_user_id = ANY(${profiles}::bigint[])
    UNION ALL
    SELECT owner_user_id, channel_id, FALSE FROM (${rowsShowingLastSender(profiles)}) AS last_sender
    UNION ALL
    SELECT owner_user_id, friend_user_id, TRUE FROM contact_reverse_index WHERE friend_user_id = ANY(${profiles}::bigint[])`;
  const local = (rows: Iterable<RowKey>) => uniqueKeys([...rows].filter(([owner]) => here.holdsOwner(owner)));
  const conversations = local([...keys.flatMap((k) => k.conversations ?? []), ...found.filter((f) => !f.contact).map((f) => [f.owner, f.other] as const)]);
  const contacts = local([...keys.flatMap((k) => k.contacts ?? []), ...found.filter((f) => f.contact).map((f) => [f.owner, f.other] as const)]);
  const clocks = unique([...keys.flatMap((k) => k.owners ?? []), ...conversations.map(([o]) => o), ...contacts.map(([o]) => o)]).filter((o) => here.holdsOwner(o));
  return { conversations, contacts, clocks };
}

/** What applying events changed on a target: rows written or deleted, and their owners. */
export interface ProjectedRows {
  readonly rows: number;
  readonly owners: readonly bigint[];
}

/**
 * Writes `keys`' rows on the target (`tx`) as the write side on the primary implies them now:
 * recomputed there by the one definition (view-recomputation.ts), upserted here with the owner's
 * next version, deleted here when no longer implied (those owners' change feeds restart from
 * scratch, as after a repair). Recomputing from current state makes applying idempotent and
 * indifferent to order. Answers how many rows were written or deleted, and whose.
 */
export async function applyFromWriteSide(primary: Database, tx: Transaction, keys: RowKeys): Promise<ProjectedRows> {
  if (keys.clocks.length === 0) return { rows: 0, owners: [] };
  const conversations = await recomputed(primary, expectedConversationRows(Prisma.sql`(cm.user_id, cm.channel_id) IN (${pairs(keys.conversations)})`));
  const contacts = await recomputed(primary, expectedContactRows(Prisma.sql`(f.user_id, f.friend_id) IN (${pairs(keys.contacts)})`));
  let changed = 0;
  const changedOwners: bigint[] = [];
  for (const [shard, owners] of groupByShard(keys.clocks)) {
    await ensureViewClocks(tx, shard, owners);
    const rows = [
      await writeShard(tx, shard, 'conversationView', keys.conversations, conversations.get(shard)),
      await writeShard(tx, shard, 'contactView', keys.contacts, contacts.get(shard)),
    ];
    await raiseSyncFloor(tx, shard, rows.flatMap((r) => r.deleted));
    changed += rows.reduce((sum, r) => sum + r.written.length + r.deleted.length, 0);
    changedOwners.push(...rows.flatMap((r) => [...r.written, ...r.deleted]));
  }
  return { rows: changed, owners: unique(changedOwners) };
}

/** The recomputed rows, as JSON text per shard (passed through to the target untouched: no 64-bit id goes through a JS number). */
async function recomputed(primary: Database, expected: Prisma.Sql): Promise<Map<ShardNumber, string>> {
  const rows = await primary.prisma.$queryRaw<{ shard: number; rows: string }[]>`
    SELECT (e.user_id % ${LOGICAL_SHARD_COUNT})::integer AS shard, json_agg(e)::text AS rows FROM (${expected}) AS e GROUP BY 1`;
  return new Map(rows.map((r) => [r.shard as ShardNumber, r.rows]));
}

async function writeShard(tx: Transaction, shard: ShardNumber, view: keyof typeof VIEW_TABLES, keys: readonly RowKey[], json = '[]') {
  const here = keys.filter(([owner]) => shardOf(owner) === shard);
  if (here.length === 0) return { written: [], deleted: [] };
  const table = VIEW_TABLES[view](shard);
  const [ownerColumn, otherColumn] = table.key.map((c) => Prisma.raw(`v.${c}`));
  const rows = {
    ...table,
    expected: Prisma.sql`SELECT ${Prisma.raw(table.columns.join(', '))} FROM jsonb_populate_recordset(NULL::${table.table}, ${json}::jsonb)`,
    scope: Prisma.sql`(${ownerColumn}, ${otherColumn}) IN (${pairs(here)})`,
  };
  // Only owners whose rows change take a new version.
  const owners = await ownersWithDifferences(tx, rows);
  if (owners.length === 0) return { written: [], deleted: [] };
  return upsertRows(tx, shard, unique(owners), rows);
}

/** A key list as a relation for `(a, b) IN (…)`. */
function pairs(keys: readonly RowKey[]): Prisma.Sql {
  return Prisma.sql`SELECT * FROM unnest(${keys.map(([o]) => o)}::bigint[], ${keys.map(([, x]) => x)}::bigint[])`;
}

function unique(ids: Iterable<bigint>): bigint[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function uniqueKeys(keys: readonly RowKey[]): RowKey[] {
  return [...new Map(keys.map((k) => [`${k[0]}:${k[1]}`, k])).values()];
}
