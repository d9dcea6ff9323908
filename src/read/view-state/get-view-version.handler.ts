import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { currentWriteTransaction } from '../../observability/request-context.js';
import { GetViewVersionQuery } from './get-view-version.query.js';
import { ReadYourWrites } from './read-your-writes.js';
import { ViewVersionRepository } from './view-version.repository.js';

@QueryHandler(GetViewVersionQuery)
export class GetViewVersionHandler implements IQueryHandler<GetViewVersionQuery> {
  constructor(
    private readonly versions: ViewVersionRepository,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /**
   * The viewer's view clock; for a viewer whose views the projector keeps, the clock has not
   * moved yet, so the token names the request's write transaction instead (`tx:<id>`).
   */
  async execute({ viewerId }: GetViewVersionQuery): Promise<string> {
    const written = currentWriteTransaction();
    if (written !== null && this.readYourWrites.isProjected(viewerId)) return `tx:${written}`;
    return (await this.versions.current(viewerId)).toString();
  }
}
