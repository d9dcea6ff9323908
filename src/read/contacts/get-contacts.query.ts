import { Query } from '@nestjs/cqrs';
import type { VersionedPage } from '../page.js';
import type { ViewFreshness } from '../view-state/view-freshness.js';
import type { ContactFilter } from './contact-filter.js';
import type { ContactView } from './contact-view.js';

export class GetContactsQuery extends Query<VersionedPage<ContactView>> {
  constructor(
    readonly viewerId: bigint,
    readonly first: number,
    readonly after?: string | null,
    readonly filter: ContactFilter = {},
    readonly freshness: ViewFreshness = {},
  ) {
    super();
  }
}
