import { Injectable } from '@nestjs/common';
import { Prisma } from '../../database/generated/prisma/client.js';
import { ShardMap } from '../../sharding/shard-map.js';
import { shardTables } from '../../sharding/shard-router.js';
import { readChangeFeed, type ChangeFeedPage, type FeedView } from '../change-feed/change-feed.js';
import type { FeedPosition } from '../change-feed/feed-position.js';
import type { ConversationView } from '../conversations/conversation-view.js';
import { CONVERSATION_VIEW_COLUMNS } from '../conversations/conversation-view.repository.js';

/** A row is in the list exactly when the conversation list query would return it. */
export const CONVERSATION_FEED: FeedView = {
  table: shardTables.conversationView,
  columns: CONVERSATION_VIEW_COLUMNS,
  inList: Prisma.sql`(closed_at = 0 AND is_hidden = FALSE)`,
  key: Prisma.sql`channel_id`,
};

/** Reads one owner's conversation change feed from the shard that holds their rows. */
@Injectable()
export class ConversationChangesRepository {
  constructor(private readonly shards: ShardMap) {}

  page(ownerId: bigint, after: FeedPosition, first: number): Promise<ChangeFeedPage<ConversationView>> {
    return readChangeFeed(this.shards, CONVERSATION_FEED, ownerId, after, first);
  }
}
