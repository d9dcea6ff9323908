import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../errors/domain-error.js';
import { ReadYourWrites } from '../view-state/read-your-writes.js';
import type { ContactView } from './contact-view.js';
import { ContactViewRepository } from './contact-view.repository.js';
import { GetContactQuery } from './get-contact.query.js';

@QueryHandler(GetContactQuery)
export class GetContactHandler implements IQueryHandler<GetContactQuery> {
  constructor(
    private readonly views: ContactViewRepository,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ viewerId, friendId }: GetContactQuery): Promise<ContactView> {
    // A mutation's answer: what the mutation just wrote must show.
    await this.readYourWrites.waitFor(viewerId);
    const row = await this.views.findOne(viewerId, friendId);
    if (!row) throw new NotFoundError('CONTACT_NOT_FOUND', `user ${friendId} is not in your contacts`);
    return row;
  }
}
