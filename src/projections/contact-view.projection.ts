import { Prisma } from '../database/generated/prisma/client.js';
import type { FriendRequestAccepted, ProfileFacts, ProfileUpdated } from '../events/index.js';
import { shardOf, shardTables } from '../sharding/shard-router.js';
import { clockCte } from './view-clock.js';
import { updateViewRows } from './view-row-update.js';
import type { ViewWrite } from './view-shards.js';

/**
 * Each new friend appears in the other's contacts (a removed friend's tombstone comes back to
 * life, keeping the remark), with the reverse index that finds them.
 */
export async function insertFriendship({ tx, shards }: ViewWrite, event: FriendRequestAccepted): Promise<void> {
  const pairs: Array<[ProfileFacts, ProfileFacts]> = [
    [event.requester, event.accepter],
    [event.accepter, event.requester],
  ];
  for (const [owner, friend] of pairs) {
    if (!shards.holdsOwner(owner.id)) continue;
    const shard = shardOf(owner.id);
    await tx.$executeRaw(Prisma.sql`
      WITH ${clockCte(shard, [owner.id])}
      INSERT INTO ${shardTables.contactView(shard)} (
        user_id, friend_id, friend_username, friend_nickname, friend_avatar_url, friend_info_ver,
        friend_nickname_key, friend_nickname_initials, channel_id, created_at, version)
      SELECT ${owner.id}, ${friend.id}, ${friend.username}, ${friend.nickname}, ${friend.avatarUrl},
             ${friend.infoVer}, ${friend.nicknameKey}, ${friend.nicknameInitials}, ${event.channelId},
             ${event.occurredAt}, clock.version
      FROM clock
      ON CONFLICT (user_id, friend_id) DO UPDATE SET
        friend_username = EXCLUDED.friend_username, friend_nickname = EXCLUDED.friend_nickname,
        friend_avatar_url = EXCLUDED.friend_avatar_url, friend_info_ver = EXCLUDED.friend_info_ver,
        friend_nickname_key = EXCLUDED.friend_nickname_key,
        friend_nickname_initials = EXCLUDED.friend_nickname_initials, channel_id = EXCLUDED.channel_id, created_at = EXCLUDED.created_at, deleted_at = 0,
        version = EXCLUDED.version`);
  }
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO contact_reverse_index (friend_user_id, owner_user_id)
    VALUES (${event.accepter.id}, ${event.requester.id}), (${event.requester.id}, ${event.accepter.id})
    ON CONFLICT DO NOTHING`);
}

/** Rewrites the friend's nickname/avatar in every contact list that has this user. */
export async function applyFriendProfile(at: ViewWrite, event: ProfileUpdated): Promise<void> {
  const owners = await at.tx.$queryRaw<{ owner_user_id: bigint }[]>(Prisma.sql`
    SELECT owner_user_id FROM contact_reverse_index WHERE friend_user_id = ${event.user.id}`);
  const { id, nickname, avatarUrl, infoVer, nicknameKey, nicknameInitials } = event.user;
  await updateViewRows(
    at,
    'contactView',
    owners.map((o) => o.owner_user_id),
    Prisma.sql`friend_nickname = ${nickname}, friend_avatar_url = ${avatarUrl}, friend_info_ver = ${infoVer},
               friend_nickname_key = ${nicknameKey}, friend_nickname_initials = ${nicknameInitials}`,
    Prisma.sql`v.friend_id = ${id} AND v.friend_info_ver < ${infoVer}`,
  );
}
