import { Prisma } from '../database/generated/prisma/client.js';
import type { Transaction } from '../database/transaction.js';
import type { UserRegistered } from '../events/index.js';
import { shardOf, shardTables } from '../sharding/shard-router.js';

/** Every user owns a view clock from registration on. */
export async function projectUserRegistered(tx: Transaction, event: UserRegistered): Promise<void> {
  const state = shardTables.viewState(shardOf(event.user.id));
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO ${state} (user_id, version) VALUES (${event.user.id}, 0)
    ON CONFLICT (user_id) DO NOTHING`);
}
