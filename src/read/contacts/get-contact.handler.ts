import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../errors/domain-error.js';
import type { ContactView } from './contact-view.js';
import { ContactViewRepository } from './contact-view.repository.js';
import { GetContactQuery } from './get-contact.query.js';

@QueryHandler(GetContactQuery)
export class GetContactHandler implements IQueryHandler<GetContactQuery> {
  constructor(private readonly views: ContactViewRepository) {}

  async execute({ viewerId, friendId }: GetContactQuery): Promise<ContactView> {
    const row = await this.views.findOne(viewerId, friendId);
    if (!row) throw new NotFoundError('CONTACT_NOT_FOUND', `user ${friendId} is not in your contacts`);
    return row;
  }
}
