import type { Transaction } from '../database/transaction.js';
import { ConflictError, NotFoundError } from '../errors/domain-error.js';
import { FriendRequestAccepted, type ProfileFacts } from '../events/index.js';
import { profileFacts } from './profile-facts.js';

/**
 * Serializes everything two users do to their relationship (requests either way, accepting,
 * removing), so two requests crossing each other end as exactly one friendship.
 */
export async function lockFriendPair(tx: Transaction, a: bigint, b: bigint): Promise<void> {
  const [low, high] = a < b ? [a, b] : [b, a];
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`friend-pair:${low}:${high}`}, 0))`;
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

/**
 * The "add a friend" write side (DESIGN.md): the direct channel and its two members, both
 * friendship rows. Friends who had removed each other get their old channel back, with its
 * history and each side's settings and remark.
 */
export async function makeFriends(
  tx: Transaction,
  requestId: bigint,
  requesterId: bigint,
  accepterId: bigint,
  now: bigint,
): Promise<FriendRequestAccepted> {
  const channelId = await directChannel(tx, requesterId, accepterId, now);
  await tx.$executeRaw`
    INSERT INTO friendship (user_id, friend_id, channel_id, created_at)
    VALUES (${requesterId}, ${accepterId}, ${channelId}, ${now}), (${accepterId}, ${requesterId}, ${channelId}, ${now})
    ON CONFLICT (user_id, friend_id) DO UPDATE
      SET channel_id = EXCLUDED.channel_id, created_at = EXCLUDED.created_at, deleted_at = 0`;
  const [requester, accepter] = await profilesCopiedIntoViews(tx, requesterId, accepterId);
  return new FriendRequestAccepted(requestId, channelId, requester, accepter, now);
}

/**
 * Reads the two profiles the new views will copy, holding them against change until commit.
 * Without the share lock, a nickname change committing meanwhile fans out through reverse
 * indexes that do not list these views yet, and the views keep the old nickname for good.
 */
async function profilesCopiedIntoViews(tx: Transaction, a: bigint, b: bigint): Promise<[ProfileFacts, ProfileFacts]> {
  const rows = await tx.$queryRaw<Array<Parameters<typeof profileFacts>[0]>>`
    SELECT id, username, nickname, avatar_url AS "avatarUrl", info_ver AS "infoVer",
           nickname_key AS "nicknameKey", nickname_initials AS "nicknameInitials"
    FROM "user" WHERE id IN (${a}, ${b}) ORDER BY id FOR SHARE`;
  const facts = (id: bigint) => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new NotFoundError('USER_NOT_FOUND', `user ${id} does not exist`);
    return profileFacts(row);
  };
  return [facts(a), facts(b)];
}

async function directChannel(tx: Transaction, a: bigint, b: bigint, now: bigint): Promise<bigint> {
  const [low, high] = a < b ? [a, b] : [b, a];
  const [created] = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO channel (type, direct_low_user_id, direct_high_user_id, member_count, last_message_time, created_at)
    VALUES ('DIRECT', ${low}, ${high}, 2, ${now}, ${now})
    ON CONFLICT (direct_low_user_id, direct_high_user_id) DO NOTHING
    RETURNING id`;
  if (!created) {
    const existing = await tx.channel.findFirstOrThrow({ where: { directLowUserId: low, directHighUserId: high } });
    return existing.id;
  }
  await tx.channelMember.createMany({
    data: [a, b].map((userId) => ({ channelId: created.id, userId, role: 'MEMBER', joinedAt: now })),
  });
  return created.id;
}
