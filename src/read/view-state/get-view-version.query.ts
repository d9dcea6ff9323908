import { Query } from '@nestjs/cqrs';

/**
 * What a mutation result carries for read-your-writes (`minVersion`): the viewer's view clock as a
 * decimal string, or in projector mode a `tx:<id>` token (see GetViewVersionHandler).
 */
export class GetViewVersionQuery extends Query<string> {
  constructor(readonly viewerId: bigint) {
    super();
  }
}
