import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toPage, validPageSize, type VersionedPage } from '../page.js';
import { assertVersionSeen, isNotModified, needsVersion } from '../view-state/view-freshness.js';
import { ReadYourWrites } from '../view-state/read-your-writes.js';
import { ViewVersionRepository } from '../view-state/view-version.repository.js';
import { conversationPosition } from './conversation-cursor.js';
import { validConversationFilter } from './conversation-filter.js';
import type { ConversationView } from './conversation-view.js';
import { ConversationViewRepository } from './conversation-view.repository.js';
import { GetConversationsQuery } from './get-conversations.query.js';

@QueryHandler(GetConversationsQuery)
export class GetConversationsHandler implements IQueryHandler<GetConversationsQuery> {
  constructor(
    private readonly views: ConversationViewRepository,
    private readonly versions: ViewVersionRepository,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute(query: GetConversationsQuery): Promise<VersionedPage<ConversationView>> {
    const size = validPageSize(query.first);
    const position = query.after ? conversationPosition(query.after) : null;
    const filter = validConversationFilter(query.filter);
    // Read before the rows: a change committing in between makes the version look older than the
    // rows (the client refetches once more), never newer (it would miss the change).
    await this.readYourWrites.waitFor(query.viewerId, query.freshness.afterTransaction ?? null);
    const version = needsVersion(query.freshness) ? await this.versions.current(query.viewerId) : null;
    if (version !== null) assertVersionSeen(version, query.freshness);
    if (version !== null && isNotModified(version, query.freshness)) return { items: [], hasNextPage: false, version, notModified: true };
    const rows = await this.views.listPage(query.viewerId, size + 1, position, filter);
    return { ...toPage(rows, size), version, notModified: false };
  }
}
