import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toPage, validPageSize, type Page } from '../page.js';
import { contactPosition } from './contact-cursor.js';
import type { ContactView } from './contact-view.js';
import { ContactViewRepository } from './contact-view.repository.js';
import { GetContactsQuery } from './get-contacts.query.js';

@QueryHandler(GetContactsQuery)
export class GetContactsHandler implements IQueryHandler<GetContactsQuery> {
  constructor(private readonly views: ContactViewRepository) {}

  async execute({ viewerId, first, after }: GetContactsQuery): Promise<Page<ContactView>> {
    const size = validPageSize(first);
    const position = after ? contactPosition(after) : null;
    return toPage(await this.views.listPage(viewerId, size + 1, position), size);
  }
}
