import { Prisma } from '../database/generated/prisma/client.js';
import type { Transaction } from '../database/transaction.js';
import { ConflictError, NotFoundError } from '../errors/domain-error.js';

/** A friend request as the write side stores it. */
export interface FriendRequestRecord {
  readonly id: bigint;
  readonly fromUserId: bigint;
  readonly toUserId: bigint;
  readonly status: 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'CANCELED';
  readonly message: string;
  readonly createdAt: bigint;
}

export function friendRequestRecord(row: {
  id: bigint;
  fromUserId: bigint;
  toUserId: bigint;
  status: string;
  message: string;
  createdAt: bigint;
}): FriendRequestRecord {
  const { id, fromUserId, toUserId, status, message, createdAt } = row;
  return { id, fromUserId, toUserId, status: status as FriendRequestRecord['status'], message, createdAt };
}

/** A friend request row as FriendRequestRecord's fields. */
export const FRIEND_REQUEST_COLUMNS = Prisma.sql`
  id, from_user_id AS "fromUserId", to_user_id AS "toUserId", status, message, created_at AS "createdAt"`;

/**
 * The pending request `requestId` in which the viewer is the `side` (the recipient answers it,
 * the sender withdraws it), locked for update. A request of other people is reported exactly like
 * a missing one: its existence is not the viewer's to know.
 */
export async function lockPendingRequest(
  tx: Transaction,
  requestId: bigint,
  viewerId: bigint,
  side: 'recipient' | 'sender',
): Promise<FriendRequestRecord> {
  const [row] = await tx.$queryRaw<FriendRequestRecord[]>`
    SELECT ${FRIEND_REQUEST_COLUMNS} FROM friend_request WHERE id = ${requestId} FOR UPDATE`;
  return pendingRequest(row, requestId, viewerId, side);
}

/** What a friend request row read as FRIEND_REQUEST_COLUMNS tells the viewer: see lockPendingRequest. */
export function pendingRequest<T extends FriendRequestRecord>(
  row: T | undefined,
  requestId: bigint,
  viewerId: bigint,
  side: 'recipient' | 'sender',
): T {
  const viewerSide = side === 'recipient' ? row?.toUserId : row?.fromUserId;
  if (!row || viewerSide !== viewerId) {
    throw new NotFoundError('FRIEND_REQUEST_NOT_FOUND', `you have no friend request ${requestId} as its ${side}`);
  }
  if (row.status !== 'PENDING') {
    throw new ConflictError('FRIEND_REQUEST_NOT_PENDING', `friend request ${requestId} is already ${row.status.toLowerCase()}`);
  }
  return row;
}

/** Gives a pending request its final status (accepting it is acceptFriendRequest's). */
export async function settleRequest(
  tx: Transaction,
  request: FriendRequestRecord,
  status: 'DECLINED' | 'CANCELED',
  now: bigint,
): Promise<FriendRequestRecord> {
  await tx.friendRequest.update({ where: { id: request.id }, data: { status, updatedAt: now } });
  return { ...request, status };
}
