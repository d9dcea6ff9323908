import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toPage, validPageSize, type VersionedPage } from '../page.js';
import { assertVersionSeen, isNotModified, needsVersion } from '../view-state/view-freshness.js';
import { ReadYourWrites } from '../view-state/read-your-writes.js';
import { ViewVersionRepository } from '../view-state/view-version.repository.js';
import { contactPosition } from './contact-cursor.js';
import type { ContactView } from './contact-view.js';
import { ContactViewRepository } from './contact-view.repository.js';
import { GetContactsQuery } from './get-contacts.query.js';

@QueryHandler(GetContactsQuery)
export class GetContactsHandler implements IQueryHandler<GetContactsQuery> {
  constructor(
    private readonly views: ContactViewRepository,
    private readonly versions: ViewVersionRepository,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute(query: GetContactsQuery): Promise<VersionedPage<ContactView>> {
    const size = validPageSize(query.first);
    const position = query.after ? contactPosition(query.after) : null;
    // Read before the rows, as for conversations (get-conversations.handler.ts).
    await this.readYourWrites.waitFor(query.viewerId, query.freshness.afterTransaction ?? null);
    const version = needsVersion(query.freshness) ? await this.versions.current(query.viewerId) : null;
    if (version !== null) assertVersionSeen(version, query.freshness);
    if (version !== null && isNotModified(version, query.freshness)) return { items: [], hasNextPage: false, version, notModified: true };
    const rows = await this.views.listPage(query.viewerId, size + 1, position, query.filter);
    return { ...toPage(rows, size), version, notModified: false };
  }
}
