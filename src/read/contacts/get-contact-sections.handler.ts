import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ContactSection } from './contact-view.js';
import { ContactViewRepository } from './contact-view.repository.js';
import { GetContactSectionsQuery } from './get-contact-sections.query.js';

@QueryHandler(GetContactSectionsQuery)
export class GetContactSectionsHandler implements IQueryHandler<GetContactSectionsQuery> {
  constructor(private readonly views: ContactViewRepository) {}

  execute({ viewerId, filter }: GetContactSectionsQuery): Promise<ContactSection[]> {
    return this.views.sections(viewerId, filter);
  }
}
