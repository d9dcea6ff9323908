import { Prisma } from '../../database/generated/prisma/client.js';
import { InvalidInputError } from '../../errors/domain-error.js';
import type { ShardMap } from '../../sharding/shard-map.js';
import { shardOf, shardTables, type ShardNumber } from '../../sharding/shard-router.js';
import { FEED_START, type FeedPosition } from './feed-position.js';

export const CHANGE_PAGE_SIZE_MAX = 500;

/** A changed row of the viewer's view; `inList: false` is a tombstone (drop it from the cache). */
export interface ViewChange<T> {
  readonly row: T;
  readonly inList: boolean;
}

export interface ChangeFeedPage<T> {
  /** In version order. */
  readonly changes: readonly ViewChange<T>[];
  /** Where the next request starts (after the last change, or at the owner's clock when none follows). */
  readonly highWaterMark: FeedPosition;
  readonly hasMore: boolean;
  /** The position is older than the feed can answer: drop the cache and sync from the start. */
  readonly fullResyncRequired: boolean;
}

/** How one view takes part in the feed: its table, columns, list predicate and row key. */
export interface FeedView {
  readonly table: (shard: ShardNumber) => Prisma.Sql;
  readonly columns: Prisma.Sql;
  /** True when the row is in the list a full query returns. */
  readonly inList: Prisma.Sql;
  /** The row's unique key within the owner's rows (the changes index's last column). */
  readonly key: Prisma.Sql;
}

type FeedRow<T> = Partial<T> & { clockVersion: bigint; syncFloor: bigint; inList: boolean | null; feedKey: bigint | null; version: bigint | null };

export function validChangePageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > CHANGE_PAGE_SIZE_MAX) {
    throw new InvalidInputError('INVALID_PAGE_SIZE', `first must be between 1 and ${CHANGE_PAGE_SIZE_MAX}`);
  }
  return first;
}

/**
 * The statement of one page: the owner's clock row and sync floor (primary-key lookups) joined to the next
 * `limit` changed rows (one forward range scan of the view's changes index on the owner's shard).
 * One statement, so the clock and the rows come from the same snapshot: every row at or below
 * the clock is visible, because a version is taken under the clock row's lock.
 */
export function changeFeedStatement(view: FeedView, ownerId: bigint, after: FeedPosition, limit: number): Prisma.Sql {
  const shard = shardOf(ownerId);
  const start =
    after.key === null
      ? Prisma.sql`version > ${after.version}`
      : Prisma.sql`(version, ${view.key}) > (${after.version}, ${after.key})`;
  return Prisma.sql`
    SELECT s.version AS "clockVersion", COALESCE(f.sync_floor, 0) AS "syncFloor", c.*
    FROM ${shardTables.viewState(shard)} AS s
    LEFT JOIN user_sync_floor AS f ON f.user_id = s.user_id
    LEFT JOIN LATERAL (
      SELECT ${view.columns}, ${view.inList} AS "inList", ${view.key} AS "feedKey"
      FROM ${view.table(shard)}
      WHERE user_id = ${ownerId} AND ${start}
      ORDER BY version, ${view.key}
      LIMIT ${limit}
    ) AS c ON TRUE
    WHERE s.user_id = ${ownerId}`;
}

/** Reads one page of an owner's changes to `view` after `after`. */
export async function readChangeFeed<T>(
  shards: ShardMap,
  view: FeedView,
  ownerId: bigint,
  after: FeedPosition,
  first: number,
): Promise<ChangeFeedPage<T>> {
  const statement = changeFeedStatement(view, ownerId, after, first + 1);
  const rows = await shards.databaseFor(shardOf(ownerId)).prisma.$queryRaw<FeedRow<T>[]>(statement);
  return changeFeedPage(rows, after, first);
}

function changeFeedPage<T>(rows: FeedRow<T>[], after: FeedPosition, first: number): ChangeFeedPage<T> {
  const clock = rows[0];
  if (!clock) return { changes: [], highWaterMark: after, hasMore: false, fullResyncRequired: false };
  // Below the floor a rebuild deleted rows or merged versions; above the clock the clock went back
  // (e.g. a restored backup). Either way a delta from here would be wrong.
  const fromStart = after.version === FEED_START.version && after.key === null;
  if ((!fromStart && after.version < clock.syncFloor) || after.version > clock.clockVersion) {
    return { changes: [], highWaterMark: FEED_START, hasMore: false, fullResyncRequired: true };
  }
  const changed = rows.filter((row) => row.feedKey !== null);
  const hasMore = changed.length > first;
  const page = changed.slice(0, first);
  const last = page.at(-1);
  const highWaterMark = hasMore && last ? { version: last.version!, key: last.feedKey! } : { version: clock.clockVersion, key: null };
  const changes = page.map(({ clockVersion: _c, syncFloor: _f, inList, feedKey: _k, ...row }) => ({ row: row as T, inList: inList! }));
  return { changes, highWaterMark, hasMore, fullResyncRequired: false };
}
