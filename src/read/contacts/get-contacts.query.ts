import { Query } from '@nestjs/cqrs';
import type { Page } from '../page.js';
import type { ContactView } from './contact-view.js';

export class GetContactsQuery extends Query<Page<ContactView>> {
  constructor(
    readonly viewerId: bigint,
    readonly first: number,
    readonly after?: string | null,
  ) {
    super();
  }
}
