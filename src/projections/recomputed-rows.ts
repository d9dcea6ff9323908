import { Prisma } from '../database/generated/prisma/client.js';
import type { Transaction } from '../database/transaction.js';
import { shardTables, type ShardNumber } from '../sharding/shard-router.js';
import { clockCte } from './view-clock.js';
import {
  CONTACT_VIEW_COLUMNS,
  CONVERSATION_VIEW_COLUMNS,
  expectedContactReverseIndex,
  expectedContactRows,
  expectedConversationReverseIndex,
  expectedConversationRows,
  recountedConversationTotals,
} from './view-recomputation.js';

/**
 * Makes the read side of `ownerIds` (all on `shard`) exactly what the write side implies: rows
 * that differ are rewritten from the recomputation (with a new version from the owner's clock),
 * missing rows are created, rows the write side no longer implies are deleted, and the owners'
 * reverse-index entries follow. The read-model rebuild and the consistency repair both use this,
 * so neither carries a second copy of how a view row is computed. Returns the rows written.
 */
export async function rewriteFromWriteSide(tx: Transaction, shard: ShardNumber, ownerIds: readonly bigint[]): Promise<number> {
  if (ownerIds.length === 0) return 0;
  const owners = Prisma.sql`${[...ownerIds]}::bigint[]`;
  await ensureViewClocks(tx, shard, ownerIds);
  const ofOwners = Prisma.sql`v.user_id = ANY(${owners})`;
  const conversations = await upsertRows(tx, shard, ownerIds, {
    ...VIEW_TABLES.conversationView(shard),
    expected: expectedConversationRows(Prisma.sql`cm.user_id = ANY(${owners})`),
    scope: ofOwners,
  });
  const contacts = await upsertRows(tx, shard, ownerIds, {
    ...VIEW_TABLES.contactView(shard),
    expected: expectedContactRows(Prisma.sql`f.user_id = ANY(${owners})`),
    scope: ofOwners,
  });
  const reverse = await rewriteReverseIndexes(tx, owners);
  const changed = [...conversations.written, ...conversations.deleted, ...contacts.written, ...contacts.deleted];
  await raiseSyncFloor(tx, shard, changed);
  return changed.length + reverse;
}

/** The two views as upsertRows writes them: table, recomputed columns, primary key. */
export const VIEW_TABLES = {
  conversationView: (shard: ShardNumber) => ({
    table: shardTables.conversationView(shard),
    columns: CONVERSATION_VIEW_COLUMNS,
    key: ['user_id', 'channel_id'],
  }),
  contactView: (shard: ShardNumber) => ({
    table: shardTables.contactView(shard),
    columns: CONTACT_VIEW_COLUMNS,
    key: ['user_id', 'friend_id'],
  }),
} as const;

/** Every owner gets a view clock row (version 0) if they have none yet. */
export async function ensureViewClocks(tx: Transaction, shard: ShardNumber, ownerIds: readonly bigint[]): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO ${shardTables.viewState(shard)} (user_id, version)
    SELECT unnest(${[...ownerIds]}::bigint[]), 0 ON CONFLICT (user_id) DO NOTHING`;
}

/**
 * A rewrite may delete rows (no tombstone is left) and gives all of an owner's rewritten rows
 * one version, so a change feed cannot describe it: the owners it touched must sync from scratch.
 */
export async function raiseSyncFloor(tx: Transaction, shard: ShardNumber, changedOwnerIds: readonly bigint[]): Promise<void> {
  if (changedOwnerIds.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO user_sync_floor (user_id, sync_floor)
    SELECT user_id, version FROM ${shardTables.viewState(shard)}
    WHERE user_id = ANY(${[...new Set(changedOwnerIds)]}::bigint[])
    ON CONFLICT (user_id) DO UPDATE SET sync_floor = EXCLUDED.sync_floor`;
}

export interface ViewRows {
  readonly table: Prisma.Sql;
  readonly columns: readonly string[];
  readonly key: readonly string[];
  /** The recomputed rows (every column of `columns`). */
  readonly expected: Prisma.Sql;
  /** The existing rows (alias `v`) that must be deleted unless `expected` has them. */
  readonly scope: Prisma.Sql;
}

/**
 * Makes the rows of `view.scope` equal `view.expected`: differing and missing rows are written
 * with their owner's next version (every owner of `ownerIds` gets one), rows in scope that are
 * not expected are deleted. Returns the owner of every row written, and of every row deleted.
 */
export async function upsertRows(
  tx: Transaction,
  shard: ShardNumber,
  ownerIds: readonly bigint[],
  view: ViewRows,
): Promise<{ written: bigint[]; deleted: bigint[] }> {
  const columns = Prisma.raw(view.columns.join(', '));
  const e = Prisma.raw(view.columns.map((c) => `e.${c}`).join(', '));
  const updates = view.columns.filter((c) => !view.key.includes(c));
  const set = Prisma.raw(updates.map((c) => `${c} = EXCLUDED.${c}`).join(', '));
  const current = Prisma.raw(`(${updates.map((c) => `v.${c}`).join(', ')})`);
  const incoming = Prisma.raw(`(${updates.map((c) => `EXCLUDED.${c}`).join(', ')})`);
  const key = Prisma.raw(view.key.join(', '));
  const upserted = await tx.$queryRaw<{ user_id: bigint }[]>`
    WITH ${clockCte(shard, ownerIds)}, expected AS (${view.expected})
    INSERT INTO ${view.table} AS v (${columns}, version)
    SELECT ${e}, clock.version FROM expected e JOIN clock ON clock.user_id = e.user_id
    ON CONFLICT (${key}) DO UPDATE SET ${set}, version = EXCLUDED.version
    WHERE ${current} IS DISTINCT FROM ${incoming}
    RETURNING v.user_id`;
  const keyMatch = Prisma.raw(view.key.map((c) => `x.${c} = v.${c}`).join(' AND '));
  const deleted = await tx.$queryRaw<{ user_id: bigint }[]>`
    DELETE FROM ${view.table} AS v
    WHERE ${view.scope}
      AND NOT EXISTS (SELECT 1 FROM (${view.expected}) AS x WHERE ${keyMatch})
    RETURNING v.user_id`;
  return { written: upserted.map((row) => row.user_id), deleted: deleted.map((row) => row.user_id) };
}

/**
 * The owners of the rows in `view.scope` that upsertRows would write or delete: the others need
 * no new version (their clocks stay, so their clients' `ifChangedSince` still holds).
 */
export async function ownersWithDifferences(tx: Transaction, view: ViewRows): Promise<bigint[]> {
  const updates = view.columns.filter((c) => !view.key.includes(c));
  const current = Prisma.raw(`(${updates.map((c) => `v.${c}`).join(', ')})`);
  const incoming = Prisma.raw(`(${updates.map((c) => `e.${c}`).join(', ')})`);
  const keyMatch = (other: string) => Prisma.raw(view.key.map((c) => `${other}.${c} = v.${c}`).join(' AND '));
  const rows = await tx.$queryRaw<{ user_id: bigint }[]>`
    WITH expected AS (${view.expected})
    SELECT e.user_id FROM expected e LEFT JOIN ${view.table} AS v ON ${keyMatch('e')}
    WHERE v.user_id IS NULL OR ${current} IS DISTINCT FROM ${incoming}
    UNION
    SELECT v.user_id FROM ${view.table} AS v
    WHERE ${view.scope} AND NOT EXISTS (SELECT 1 FROM expected x WHERE ${keyMatch('x')})`;
  return rows.map((row) => row.user_id);
}

/** Makes the reverse-index entries of `owners` (a bigint[] expression) what the write side implies. */
export async function rewriteReverseIndexes(tx: Transaction, owners: Prisma.Sql): Promise<number> {
  const conversation = Prisma.sql`SELECT * FROM (${expectedConversationReverseIndex}) AS r WHERE r.owner_user_id = ANY(${owners})`;
  const contact = Prisma.sql`SELECT * FROM (${expectedContactReverseIndex}) AS r WHERE r.owner_user_id = ANY(${owners})`;
  return (
    (await tx.$executeRaw`INSERT INTO conversation_reverse_index ${conversation} ON CONFLICT DO NOTHING`) +
    (await tx.$executeRaw`
      DELETE FROM conversation_reverse_index AS i WHERE i.owner_user_id = ANY(${owners})
        AND (i.peer_user_id, i.owner_user_id, i.channel_id) NOT IN (SELECT peer_user_id, owner_user_id, channel_id FROM (${conversation}) AS x)`) +
    (await tx.$executeRaw`INSERT INTO contact_reverse_index ${contact} ON CONFLICT DO NOTHING`) +
    (await tx.$executeRaw`
      DELETE FROM contact_reverse_index AS i WHERE i.owner_user_id = ANY(${owners})
        AND (i.friend_user_id, i.owner_user_id) NOT IN (SELECT friend_user_id, owner_user_id FROM (${contact}) AS x)`)
  );
}

/**
 * Rewrites the badge totals of `ownerIds` (all on `shard`) from a recount of their view rows: what
 * a repair does when the totals themselves are wrong (the trigger only ever adds deltas). The
 * owners' clock rows are locked first, in id order, as every command's are before it touches them.
 */
export async function recountConversationTotals(tx: Transaction, shard: ShardNumber, ownerIds: readonly bigint[]): Promise<void> {
  if (ownerIds.length === 0) return;
  const owners = Prisma.sql`user_id = ANY(${[...ownerIds]}::bigint[])`;
  await tx.$queryRaw`SELECT user_id FROM ${shardTables.viewState(shard)} WHERE ${owners} ORDER BY user_id FOR UPDATE`;
  await tx.$executeRaw`DELETE FROM user_conversation_totals WHERE ${owners}`;
  await tx.$executeRaw`INSERT INTO user_conversation_totals ${recountedConversationTotals(ownerIds)}`;
}
