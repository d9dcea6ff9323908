import { Injectable } from '@nestjs/common';
import { Prisma } from '../../database/generated/prisma/client.js';
import { ShardMap } from '../../sharding/shard-map.js';
import { shardTables } from '../../sharding/shard-router.js';
import { readChangeFeed, type ChangeFeedPage, type FeedView } from '../change-feed/change-feed.js';
import type { FeedPosition } from '../change-feed/feed-position.js';
import type { ContactView } from '../contacts/contact-view.js';
import { CONTACT_VIEW_COLUMNS } from '../contacts/contact-view.repository.js';

/** A removed friend's row stays as a tombstone (deleted_at), so the feed reports the removal. */
export const CONTACT_FEED: FeedView = {
  table: shardTables.contactView,
  columns: CONTACT_VIEW_COLUMNS,
  inList: Prisma.sql`(deleted_at = 0)`,
  key: Prisma.sql`friend_id`,
};

/** Reads one owner's contact change feed from the shard that holds their rows. */
@Injectable()
export class ContactChangesRepository {
  constructor(private readonly shards: ShardMap) {}

  page(ownerId: bigint, after: FeedPosition, first: number): Promise<ChangeFeedPage<ContactView>> {
    return readChangeFeed(this.shards, CONTACT_FEED, ownerId, after, first);
  }
}
