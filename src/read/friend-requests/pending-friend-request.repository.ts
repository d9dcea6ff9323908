import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../database/database.js';
import { PRIMARY_DATABASE } from '../../database/database.tokens.js';
import { Prisma } from '../../database/generated/prisma/client.js';

export type RequestDirection = 'INCOMING' | 'OUTGOING';

/** A pending request as the list shows it. */
export interface PendingFriendRequest {
  readonly id: bigint;
  readonly fromUserId: bigint;
  readonly toUserId: bigint;
  readonly status: 'PENDING';
  readonly message: string;
  readonly createdAt: bigint;
}

// Columns fixed here, never from input: the partial indexes of migration 004 serve each side.
const SIDE: Record<RequestDirection, Prisma.Sql> = {
  INCOMING: Prisma.sql`to_user_id`,
  OUTGOING: Prisma.sql`from_user_id`,
};

/** Requests are not owned by one viewer's shard: they live beside the write side. */
@Injectable()
export class PendingFriendRequestRepository {
  constructor(@Inject(PRIMARY_DATABASE) private readonly database: Database) {}

  /** Newest first: one backward range scan of the side's partial index. */
  listPage(viewerId: bigint, direction: RequestDirection, limit: number, beforeId: bigint | null): Promise<PendingFriendRequest[]> {
    const before = beforeId === null ? Prisma.empty : Prisma.sql`AND id < ${beforeId}`;
    return this.database.prisma.$queryRaw<PendingFriendRequest[]>`
      SELECT id, from_user_id AS "fromUserId", to_user_id AS "toUserId", status, message, created_at AS "createdAt"
      FROM friend_request WHERE ${SIDE[direction]} = ${viewerId} AND status = 'PENDING' ${before}
      ORDER BY id DESC LIMIT ${limit}`;
  }

  async count(viewerId: bigint, direction: RequestDirection): Promise<number> {
    const [row] = await this.database.prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::integer AS count FROM friend_request WHERE ${SIDE[direction]} = ${viewerId} AND status = 'PENDING'`;
    return row!.count;
  }
}
