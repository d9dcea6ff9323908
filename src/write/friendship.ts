import { Prisma } from '../database/generated/prisma/client.js';
import type { Transaction } from '../database/transaction.js';
import { ConflictError, NotFoundError } from '../errors/domain-error.js';
import { FriendRequestAccepted, type ProfileFacts } from '../events/index.js';
import { FRIEND_REQUEST_COLUMNS, pendingRequest, type FriendRequestRecord } from './friend-request-record.js';
import { profileFacts } from './profile-facts.js';

/** The advisory lock key of a pair of users, whichever of them comes first. */
function friendPairLockKey(a: Prisma.Sql, b: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`hashtextextended('friend-pair:' || least(${a}, ${b}) || ':' || greatest(${a}, ${b}), 0)`;
}

/**
 * Serializes everything two users do to their relationship (requests either way, accepting,
 * removing), so two requests crossing each other end as exactly one friendship.
 */
export async function lockFriendPair(tx: Transaction, a: bigint, b: bigint): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${friendPairLockKey(Prisma.sql`${a}::bigint`, Prisma.sql`${b}::bigint`)})`;
}

/**
 * Locks the pair of the request `requestId` sent to the viewer, found and locked in one round
 * trip; NOT_FOUND when the viewer has no such request. The pair lock comes before the request's
 * row lock, the order every friendship command keeps, so the row is read in a later statement.
 */
export async function lockFriendPairOfRequest(tx: Transaction, requestId: bigint, viewerId: bigint): Promise<void> {
  const locked = await tx.$queryRaw<{ requestId: bigint }[]>`
    SELECT id AS "requestId", pg_advisory_xact_lock(${friendPairLockKey(Prisma.sql`from_user_id`, Prisma.sql`to_user_id`)})::text
    FROM friend_request WHERE id = ${requestId} AND to_user_id = ${viewerId}`;
  if (locked.length === 0) {
    throw new NotFoundError('FRIEND_REQUEST_NOT_FOUND', `you have no friend request ${requestId} as its recipient`);
  }
}

/**
 * The pending request `requestId` sent to the viewer, locked for update (as lockPendingRequest),
 * read with the friendship it would create: ALREADY_FRIENDS when that exists.
 */
export async function lockRequestToAccept(tx: Transaction, requestId: bigint, viewerId: bigint): Promise<FriendRequestRecord> {
  const [row] = await tx.$queryRaw<(FriendRequestRecord & { friends: boolean })[]>`
    SELECT ${FRIEND_REQUEST_COLUMNS}, EXISTS (
      SELECT 1 FROM friendship f WHERE f.user_id = r.to_user_id AND f.friend_id = r.from_user_id AND f.deleted_at = 0
    ) AS friends
    FROM friend_request r WHERE r.id = ${requestId} FOR UPDATE OF r`;
  const { friends, ...request } = pendingRequest(row, requestId, viewerId, 'recipient');
  if (friends) throw new ConflictError('ALREADY_FRIENDS', `you and user ${request.fromUserId} are already friends`);
  return request;
}

export async function assertNotFriends(tx: Transaction, userId: bigint, otherId: bigint): Promise<void> {
  const friendship = await tx.friendship.findUnique({ where: { userId_friendId: { userId, friendId: otherId } } });
  if (friendship && friendship.deletedAt === 0n) {
    throw new ConflictError('ALREADY_FRIENDS', `you and user ${otherId} are already friends`);
  }
}

/** The viewer's current friendship with `friendId`; NOT_FOUND when there is none. */
export async function currentFriendship(tx: Transaction, viewerId: bigint, friendId: bigint) {
  const friendship = await tx.friendship.findUnique({ where: { userId_friendId: { userId: viewerId, friendId } } });
  if (!friendship || friendship.deletedAt !== 0n) {
    throw new NotFoundError('NOT_FRIENDS', `user ${friendId} is not one of your contacts`);
  }
  return friendship;
}

/** A profile the new views copy, with the friends' direct channel. */
type AcceptedRow = Parameters<typeof profileFacts>[0] & { channelId: bigint };

/**
 * Accepts the locked pending `request`: the "add a friend" write side (DESIGN.md) in one
 * statement, since each round trip is made under the pair's and the request's locks. The request
 * is settled; the direct channel and its two members are created, or friends who had removed
 * each other get their old channel back, with its history and each side's settings and remark;
 * both friendship rows are written.
 *
 * The two profiles the new views copy are read FOR SHARE, held against change until commit:
 * without that, a nickname change committing meanwhile fans out through reverse indexes that do
 * not list these views yet, and the views keep the old nickname for good.
 *
 * The statement's snapshot sees an existing channel: only friendship commands create a direct
 * channel, and they hold the pair lock taken before this statement.
 */
export async function acceptFriendRequest(
  tx: Transaction,
  request: FriendRequestRecord,
  now: bigint,
): Promise<{ accepted: FriendRequestRecord; event: FriendRequestAccepted }> {
  const { id, fromUserId: requesterId, toUserId: accepterId } = request;
  const [low, high] = requesterId < accepterId ? [requesterId, accepterId] : [accepterId, requesterId];
  const rows = await tx.$queryRaw<AcceptedRow[]>`
    WITH settled AS (
      UPDATE friend_request SET status = 'ACCEPTED', updated_at = ${now} WHERE id = ${id}
    ), created AS (
      INSERT INTO channel (type, direct_low_user_id, direct_high_user_id, member_count, last_message_time, created_at)
      VALUES ('DIRECT', ${low}, ${high}, 2, ${now}, ${now})
      ON CONFLICT (direct_low_user_id, direct_high_user_id) DO NOTHING
      RETURNING id
    ), members AS (
      INSERT INTO channel_member (channel_id, user_id, role, joined_at)
      SELECT created.id, member.id, 'MEMBER', ${now} FROM created, unnest(ARRAY[${low}, ${high}]::bigint[]) AS member(id)
    ), direct AS (
      SELECT id FROM created
      UNION ALL
      SELECT id FROM channel WHERE direct_low_user_id = ${low} AND direct_high_user_id = ${high}
    ), friends AS (
      INSERT INTO friendship (user_id, friend_id, channel_id, created_at)
      SELECT pair.user_id, pair.friend_id, direct.id, ${now}
      FROM direct, (VALUES (${requesterId}::bigint, ${accepterId}::bigint), (${accepterId}::bigint, ${requesterId}::bigint)) AS pair(user_id, friend_id)
      ON CONFLICT (user_id, friend_id) DO UPDATE
        SET channel_id = EXCLUDED.channel_id, created_at = EXCLUDED.created_at, deleted_at = 0
    ), profiles AS (
      SELECT id, username, nickname, avatar_url, info_ver, nickname_key, nickname_initials
      FROM "user" WHERE id IN (${requesterId}, ${accepterId}) ORDER BY id FOR SHARE
    )
    SELECT (SELECT id FROM direct) AS "channelId", id, username, nickname, avatar_url AS "avatarUrl",
           info_ver AS "infoVer", nickname_key AS "nicknameKey", nickname_initials AS "nicknameInitials"
    FROM profiles`;
  const facts = (userId: bigint): ProfileFacts => {
    const row = rows.find((r) => r.id === userId);
    if (!row) throw new NotFoundError('USER_NOT_FOUND', `user ${userId} does not exist`);
    return profileFacts(row);
  };
  const [requester, accepter] = [facts(requesterId), facts(accepterId)];
  const event = new FriendRequestAccepted(id, rows[0].channelId, requester, accepter, now);
  return { accepted: { ...request, status: 'ACCEPTED' }, event };
}
