import { Query } from '@nestjs/cqrs';
import type { ContactView } from './contact-view.js';

/** One row of the viewer's own contacts (e.g. the one a mutation just changed). */
export class GetContactQuery extends Query<ContactView> {
  constructor(
    readonly viewerId: bigint,
    readonly friendId: bigint,
  ) {
    super();
  }
}
