import { Query } from '@nestjs/cqrs';

/** The badge: unread messages over the viewer's unmuted conversations of the main list. */
export class GetUnreadTotalQuery extends Query<number> {
  constructor(readonly viewerId: bigint) {
    super();
  }
}
