import { Injectable } from '@nestjs/common';
import { Prisma } from '../../database/generated/prisma/client.js';
import { ShardMap } from '../../sharding/shard-map.js';
import { shardOf, shardTables } from '../../sharding/shard-router.js';
import type { ContactPosition } from './contact-cursor.js';
import { contactFilterSql, type ContactFilter } from './contact-filter.js';
import type { ContactSection, ContactView } from './contact-view.js';

// Must stay the exact expressions of the indexes of migration 004, or they cannot serve the queries.
const SORT_KEY = Prisma.sql`((CASE WHEN remark <> '' THEN remark_key ELSE friend_nickname_key END) COLLATE "C")`;
const SECTION = Prisma.sql`(CASE WHEN ${SORT_KEY} ~ '^[a-z]' THEN upper(left(${SORT_KEY}, 1)) ELSE '#' END)`;

const COLUMNS = Prisma.sql`
  user_id AS "ownerId", friend_id AS "friendId", friend_username AS "friendUsername",
  friend_nickname AS "friendNickname", friend_avatar_url AS "friendAvatarUrl", remark,
  ${SORT_KEY} AS "sortName", ${SECTION} AS section, is_starred AS "isStarred", channel_id AS "channelId",
  created_at AS "createdAt", version`;

/** Reads one owner's contact rows from the shard (and database) that holds them. */
@Injectable()
export class ContactViewRepository {
  constructor(private readonly shards: ShardMap) {}

  /** `limit` contacts after `after` in address-book order (sort key, friend id). */
  async listPage(ownerId: bigint, limit: number, after: ContactPosition | null, filter: ContactFilter = {}): Promise<ContactView[]> {
    const shard = shardOf(ownerId);
    const afterClause = after
      ? Prisma.sql`AND (${SORT_KEY}, friend_id) > (${after.sortName}, ${after.friendId})`
      : Prisma.empty;
    return this.shards.databaseFor(shard).read<ContactView>(Prisma.sql`
      SELECT ${COLUMNS} FROM ${shardTables.contactView(shard)}
      WHERE ${contactFilterSql(ownerId, filter)} ${afterClause}
      ORDER BY ${SORT_KEY}, friend_id
      LIMIT ${limit}`);
  }

  /**
   * The A–Z index bar: contacts per section, A–Z then '#'. An index-only scan of the list index
   * (the key columns the section follows from are included in it).
   */
  async sections(ownerId: bigint, filter: ContactFilter = {}): Promise<ContactSection[]> {
    const shard = shardOf(ownerId);
    return this.shards.databaseFor(shard).prisma.$queryRaw<ContactSection[]>`
      SELECT letter, count(*)::integer AS count FROM (
        SELECT ${SECTION} AS letter FROM ${shardTables.contactView(shard)}
        WHERE ${contactFilterSql(ownerId, filter)}
      ) AS contacts
      GROUP BY letter ORDER BY letter = '#', letter`;
  }

  /** A current contact (a removed friend's tombstone is not one). */
  async findOne(ownerId: bigint, friendId: bigint): Promise<ContactView | null> {
    const shard = shardOf(ownerId);
    const [row] = await this.shards.databaseFor(shard).read<ContactView>(Prisma.sql`
      SELECT ${COLUMNS} FROM ${shardTables.contactView(shard)}
      WHERE user_id = ${ownerId} AND friend_id = ${friendId} AND deleted_at = 0`);
    return row ?? null;
  }
}

/** The columns of a ContactView, also what the change feed returns. */
export { COLUMNS as CONTACT_VIEW_COLUMNS };
