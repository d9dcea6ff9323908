import { Query } from '@nestjs/cqrs';
import type { ContactFilter } from './contact-filter.js';
import type { ContactSection } from './contact-view.js';

/** The index bar of the viewer's (filtered) contacts: letter → count, A–Z then '#'. */
export class GetContactSectionsQuery extends Query<ContactSection[]> {
  constructor(
    readonly viewerId: bigint,
    readonly filter: ContactFilter = {},
  ) {
    super();
  }
}
