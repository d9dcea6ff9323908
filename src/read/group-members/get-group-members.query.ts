import { Query } from '@nestjs/cqrs';

/** A batch lookup: for each channel, the ids of its first `first` current members. */
export class GetGroupMembersQuery extends Query<bigint[][]> {
  constructor(
    readonly channelIds: readonly bigint[],
    readonly first: number,
  ) {
    super();
  }
}
