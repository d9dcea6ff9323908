import { Injectable } from '@nestjs/common';
import { ShardMap } from '../../sharding/shard-map.js';
import { shardOf, shardTables } from '../../sharding/shard-router.js';

/** Reads an owner's view clock: the version of their newest view change (0 before any). */
@Injectable()
export class ViewVersionRepository {
  constructor(private readonly shards: ShardMap) {}

  async current(ownerId: bigint): Promise<bigint> {
    const shard = shardOf(ownerId);
    const [row] = await this.shards.databaseFor(shard).prisma.$queryRaw<{ version: bigint }[]>`
      SELECT version FROM ${shardTables.viewState(shard)} WHERE user_id = ${ownerId}`;
    return row?.version ?? 0n;
  }
}
