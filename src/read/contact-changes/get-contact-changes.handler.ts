import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { validChangePageSize, type ChangeFeedPage } from '../change-feed/change-feed.js';
import type { ContactView } from '../contacts/contact-view.js';
import { ContactChangesRepository } from './contact-changes.repository.js';
import { GetContactChangesQuery } from './get-contact-changes.query.js';

@QueryHandler(GetContactChangesQuery)
export class GetContactChangesHandler implements IQueryHandler<GetContactChangesQuery> {
  constructor(private readonly changes: ContactChangesRepository) {}

  execute({ viewerId, after, first }: GetContactChangesQuery): Promise<ChangeFeedPage<ContactView>> {
    return this.changes.page(viewerId, after, validChangePageSize(first));
  }
}
