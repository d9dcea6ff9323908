import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GetViewVersionQuery } from './get-view-version.query.js';
import { ViewVersionRepository } from './view-version.repository.js';

@QueryHandler(GetViewVersionQuery)
export class GetViewVersionHandler implements IQueryHandler<GetViewVersionQuery> {
  constructor(private readonly versions: ViewVersionRepository) {}

  execute({ viewerId }: GetViewVersionQuery): Promise<bigint> {
    return this.versions.current(viewerId);
  }
}
