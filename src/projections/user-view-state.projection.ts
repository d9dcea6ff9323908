import { Prisma } from '../database/generated/prisma/client.js';
import type { UserRegistered } from '../events/index.js';
import { shardOf, shardTables } from '../sharding/shard-router.js';
import type { ViewWrite } from './view-shards.js';

/** Every user owns a view clock from registration on. */
export async function projectUserRegistered({ tx, shards }: ViewWrite, event: UserRegistered): Promise<void> {
  if (!shards.holdsOwner(event.user.id)) return;
  const state = shardTables.viewState(shardOf(event.user.id));
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO ${state} (user_id, version) VALUES (${event.user.id}, 0)
    ON CONFLICT (user_id) DO NOTHING`);
}
