import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ShardMap } from '../../sharding/shard-map.js';
import { shardOf, shardTables } from '../../sharding/shard-router.js';
import { GetViewClockQuery } from './get-view-clock.query.js';

@QueryHandler(GetViewClockQuery)
export class GetViewClockHandler implements IQueryHandler<GetViewClockQuery> {
  constructor(private readonly shards: ShardMap) {}

  async execute({ ownerId }: GetViewClockQuery): Promise<bigint> {
    const shard = shardOf(ownerId);
    const [clock] = await this.shards.databaseFor(shard).prisma.$queryRaw<{ version: bigint }[]>`
      SELECT version FROM ${shardTables.viewState(shard)} WHERE user_id = ${ownerId}`;
    return clock?.version ?? 0n;
  }
}
