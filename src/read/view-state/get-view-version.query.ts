import { Query } from '@nestjs/cqrs';

/** The viewer's view clock: mutation results carry it for read-your-writes (`minVersion`). */
export class GetViewVersionQuery extends Query<bigint> {
  constructor(readonly viewerId: bigint) {
    super();
  }
}
