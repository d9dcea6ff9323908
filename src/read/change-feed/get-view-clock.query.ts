import { Query } from '@nestjs/cqrs';

/** The owner's current view version: where a live feed that starts now begins. */
export class GetViewClockQuery extends Query<bigint> {
  constructor(readonly ownerId: bigint) {
    super();
  }
}
