import { Injectable } from '@nestjs/common';
import { Prisma } from '../../database/generated/prisma/client.js';
import { ShardMap } from '../../sharding/shard-map.js';
import { shardOf, shardTables } from '../../sharding/shard-router.js';
import type { ContactPosition } from './contact-cursor.js';
import type { ContactView } from './contact-view.js';

// Must stay the exact expression of user_contact_view_list_idx, or the index cannot serve the order.
const SORT_NAME = Prisma.sql`lower(COALESCE(NULLIF(remark, ''), friend_nickname))`;

const COLUMNS = Prisma.sql`
  user_id AS "ownerId", friend_id AS "friendId", friend_username AS "friendUsername",
  friend_nickname AS "friendNickname", friend_avatar_url AS "friendAvatarUrl", remark,
  ${SORT_NAME} AS "sortName", channel_id AS "channelId", created_at AS "createdAt", version`;

/** Reads one owner's contact rows from the shard (and database) that holds them. */
@Injectable()
export class ContactViewRepository {
  constructor(private readonly shards: ShardMap) {}

  async listPage(ownerId: bigint, limit: number, after: ContactPosition | null): Promise<ContactView[]> {
    const shard = shardOf(ownerId);
    const afterClause = after
      ? Prisma.sql`AND (${SORT_NAME}, friend_id) > (${after.sortName}, ${after.friendId})`
      : Prisma.empty;
    return this.shards.databaseFor(shard).prisma.$queryRaw<ContactView[]>`
      SELECT ${COLUMNS} FROM ${shardTables.contactView(shard)}
      WHERE user_id = ${ownerId} AND deleted_at = 0 ${afterClause}
      ORDER BY ${SORT_NAME}, friend_id
      LIMIT ${limit}`;
  }

  /** A current contact (a removed friend's tombstone is not one). */
  async findOne(ownerId: bigint, friendId: bigint): Promise<ContactView | null> {
    const shard = shardOf(ownerId);
    const [row] = await this.shards.databaseFor(shard).prisma.$queryRaw<ContactView[]>`
      SELECT ${COLUMNS} FROM ${shardTables.contactView(shard)}
      WHERE user_id = ${ownerId} AND friend_id = ${friendId} AND deleted_at = 0`;
    return row ?? null;
  }
}

/** The columns of a ContactView, also what the change feed returns. */
export { COLUMNS as CONTACT_VIEW_COLUMNS };
