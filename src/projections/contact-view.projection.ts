import { Prisma } from '../database/generated/prisma/client.js';
import type { FriendRequestAccepted, ProfileFacts } from '../events/index.js';
import { shardTables } from '../sharding/shard-router.js';
import { fanOutViewWrite } from './view-fan-out.js';
import type { ViewWrite } from './view-shards.js';

/**
 * Each new friend appears in the other's contacts (a removed friend's tombstone comes back to
 * life, keeping the remark), with the reverse index that finds them.
 */
export async function insertFriendship(at: ViewWrite, event: FriendRequestAccepted): Promise<void> {
  const friendOf = new Map<bigint, ProfileFacts>([
    [event.requester.id, event.accepter],
    [event.accepter.id, event.requester],
  ]);
  await fanOutViewWrite(at, friendOf.keys(), (shard, ownerIds, clock) => {
    const rows = ownerIds.map((owner) => {
      const friend = friendOf.get(owner)!;
      return Prisma.sql`(${owner}::bigint, ${friend.id}::bigint, ${friend.username}, ${friend.nickname}, ${friend.avatarUrl},
             ${friend.infoVer}::bigint, ${friend.nicknameKey}, ${friend.nicknameInitials})`;
    });
    return Prisma.sql`
      INSERT INTO ${shardTables.contactView(shard)} (
        user_id, friend_id, friend_username, friend_nickname, friend_avatar_url, friend_info_ver,
        friend_nickname_key, friend_nickname_initials, channel_id, created_at, version)
      SELECT r.*, ${event.channelId}, ${event.occurredAt}, clock.version
      FROM (VALUES ${Prisma.join(rows)}) AS r(user_id, friend_id, friend_username, friend_nickname, friend_avatar_url,
             friend_info_ver, friend_nickname_key, friend_nickname_initials)
      JOIN ${clock} AS clock ON clock.user_id = r.user_id
      ON CONFLICT (user_id, friend_id) DO UPDATE SET
        friend_username = EXCLUDED.friend_username, friend_nickname = EXCLUDED.friend_nickname,
        friend_avatar_url = EXCLUDED.friend_avatar_url, friend_info_ver = EXCLUDED.friend_info_ver,
        friend_nickname_key = EXCLUDED.friend_nickname_key,
        friend_nickname_initials = EXCLUDED.friend_nickname_initials, channel_id = EXCLUDED.channel_id, created_at = EXCLUDED.created_at, deleted_at = 0,
        version = EXCLUDED.version`;
  });
  await at.tx.$executeRaw(Prisma.sql`
    INSERT INTO contact_reverse_index (friend_user_id, owner_user_id)
    VALUES (${event.accepter.id}, ${event.requester.id}), (${event.requester.id}, ${event.accepter.id})
    ON CONFLICT DO NOTHING`);
}
