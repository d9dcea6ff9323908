import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG } from '../../config/config.tokens.js';
import type { GatewayConfig } from '../../config/gateway-config.js';
import { ProjectionBehindError } from '../../errors/domain-error.js';
import { currentWriteTransaction } from '../../observability/request-context.js';
import { hasProjected, readCheckpoint } from '../../projector/projection-checkpoint.js';
import { ShardMap } from '../../sharding/shard-map.js';
import { shardOf } from '../../sharding/shard-router.js';

const POLL_MS = 20;

/**
 * Read-your-writes when the viewer's views live on a database the projector keeps (issue 6): a
 * read waits, at most PROJECTION_WAIT_MS, until that database has applied the transaction the
 * client wrote in (the `tx:` token of a mutation's `viewVersion`, or this request's own write),
 * and otherwise fails with PROJECTION_BEHIND, never answering from older views. On the primary
 * every view change commits with its command: nothing to wait for.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly shards: ShardMap,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Whether the viewer's views are kept by the projector (so their writes show up later). */
  isProjected(viewerId: bigint): boolean {
    return !this.shards.isOnPrimary(shardOf(viewerId));
  }

  async waitFor(viewerId: bigint, afterTransaction: bigint | null = null): Promise<void> {
    const own = currentWriteTransaction();
    const txId = own !== null && (afterTransaction === null || own > afterTransaction) ? own : afterTransaction;
    if (txId === null || !this.isProjected(viewerId)) return;
    const database = this.shards.databaseFor(shardOf(viewerId));
    const deadline = Date.now() + this.config.projectionWaitMs;
    while (!hasProjected(await readCheckpoint(database.prisma), txId)) {
      if (Date.now() >= deadline) {
        throw new ProjectionBehindError('PROJECTION_BEHIND', `your views have not caught up with transaction ${txId} yet; retry shortly`);
      }
      await sleep(POLL_MS);
    }
  }
}
