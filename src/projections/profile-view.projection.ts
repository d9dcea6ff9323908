import { Prisma } from '../database/generated/prisma/client.js';
import type { Transaction } from '../database/transaction.js';
import type { ProfileFacts } from '../events/index.js';
import { shardTables, type ShardNumber } from '../sharding/shard-router.js';
import { fanOutViewWrite, type FanOutOptions } from './view-fan-out.js';
import { rowsShowingLastSender } from './view-recomputation.js';
import { shardViewRowsUpdate } from './view-row-update.js';
import type { ViewWrite } from './view-shards.js';

/** What can run a read: a command's transaction, or the client outside one (the fan-out worker). */
type Reader = Pick<Transaction, '$queryRaw'>;

/**
 * The view rows that show a user: conversation rows (the user as a direct chat's peer, or as the
 * sender of the row's last message) and contact rows (the user as a friend), by owner.
 */
export class ProfileRows {
  constructor(
    readonly conversations: ReadonlyMap<bigint, readonly bigint[]>,
    readonly contactOwners: readonly bigint[],
  ) {}

  get count(): number {
    let rows = this.contactOwners.length;
    for (const channels of this.conversations.values()) rows += channels.length;
    return rows;
  }

  /** Every owner of a row, once. */
  owners(): bigint[] {
    return [...new Set([...this.conversations.keys(), ...this.contactOwners])];
  }

  /** The rows of these owners only (one window of a deferred fan-out). */
  of(ownerIds: readonly bigint[]): ProfileRows {
    const wanted = new Set(ownerIds);
    return new ProfileRows(
      new Map([...this.conversations].filter(([owner]) => wanted.has(owner))),
      this.contactOwners.filter((owner) => wanted.has(owner)),
    );
  }
}

/** The rows that show `userId`, read through the reverse indexes and the last messages the user sent. */
export async function rowsShowingProfile(reader: Reader, userId: bigint): Promise<ProfileRows> {
  const found = await reader.$queryRaw<{ owner: bigint; other: bigint; contact: boolean }[]>(Prisma.sql`
    SELECT owner_user_id AS owner, channel_id AS other, FALSE AS contact FROM conversation_reverse_index WHERE peer_user_id = ${userId}
    UNION SELECT owner_user_id, channel_id, FALSE FROM (${rowsShowingLastSender([userId])}) AS last_sender
    UNION ALL
    SELECT owner_user_id, friend_user_id, TRUE FROM contact_reverse_index WHERE friend_user_id = ${userId}`);
  const conversations = new Map<bigint, bigint[]>();
  const contactOwners: bigint[] = [];
  for (const { owner, other, contact } of found) {
    if (contact) contactOwners.push(owner);
    else conversations.set(owner, [...(conversations.get(owner) ?? []), other]);
  }
  return new ProfileRows(conversations, contactOwners);
}

/**
 * Writes the profile to `rows`, each row once, only where it is newer: one pass over the owners'
 * shards in which each shard's conversation and contact rows share the owner's one new version.
 * Two passes (conversations, then contacts) bumped a clock of most owners twice and had to lock
 * both passes' clocks before either, in lock order, or two overlapping renames could deadlock.
 */
export async function writeProfile(at: ViewWrite, profile: ProfileFacts, rows: ProfileRows, options?: FanOutOptions): Promise<void> {
  const contactOwners = new Set(rows.contactOwners);
  await fanOutViewWrite(
    at,
    rows.owners(),
    (shard, owners, clock) => [
      conversationRows(shard, owners.filter((owner) => rows.conversations.has(owner)), clock, profile, rows.conversations),
      contactRows(shard, owners.filter((owner) => contactOwners.has(owner)), clock, profile),
    ],
    options,
  );
}

/**
 * A shard's conversation rows that show the user: as the peer of a direct chat (nickname, avatar)
 * and as the sender of the row's last message (its profile version, so the change feed carries the
 * new name). A direct chat's rows are often both. Rows by their key (owner, channel): a list of
 * owners and one of channels would probe every pair of the two.
 */
function conversationRows(
  shard: ShardNumber,
  owners: readonly bigint[],
  clock: Prisma.Sql,
  { id, nickname, avatarUrl, infoVer }: ProfileFacts,
  channelsOf: ReadonlyMap<bigint, readonly bigint[]>,
): Prisma.Sql {
  const isPeer = Prisma.sql`v.peer_user_id = ${id} AND v.peer_info_ver < ${infoVer}`;
  const isLastSender = Prisma.sql`v.last_message_sender_id = ${id} AND v.last_message_sender_info_ver < ${infoVer}`;
  const keys = owners.flatMap((owner) => channelsOf.get(owner)!.map((channel) => [owner, channel] as const));
  return Prisma.sql`
    UPDATE ${shardTables.conversationView(shard)} AS v SET
      peer_nickname = CASE WHEN ${isPeer} THEN ${nickname} ELSE v.peer_nickname END,
      peer_avatar_url = CASE WHEN ${isPeer} THEN ${avatarUrl} ELSE v.peer_avatar_url END,
      peer_info_ver = CASE WHEN ${isPeer} THEN ${infoVer} ELSE v.peer_info_ver END,
      last_message_sender_info_ver = CASE WHEN ${isLastSender} THEN ${infoVer} ELSE v.last_message_sender_info_ver END,
      version = clock.version
    FROM unnest(${keys.map(([o]) => o)}::bigint[], ${keys.map(([, c]) => c)}::bigint[]) AS k(user_id, channel_id), ${clock} AS clock
    WHERE v.user_id = k.user_id AND v.channel_id = k.channel_id AND v.user_id = clock.user_id
      AND ((${isPeer}) OR (${isLastSender}))`;
}

/** A shard's contact rows that have the user as a friend: nickname, avatar and the name's sort and search keys. */
function contactRows(shard: ShardNumber, owners: readonly bigint[], clock: Prisma.Sql, profile: ProfileFacts): Prisma.Sql {
  const { id, nickname, avatarUrl, infoVer, nicknameKey, nicknameInitials } = profile;
  return shardViewRowsUpdate(
    'contactView',
    shard,
    owners,
    clock,
    Prisma.sql`friend_nickname = ${nickname}, friend_avatar_url = ${avatarUrl}, friend_info_ver = ${infoVer},
               friend_nickname_key = ${nicknameKey}, friend_nickname_initials = ${nicknameInitials}`,
    Prisma.sql`v.friend_id = ${id} AND v.friend_info_ver < ${infoVer}`,
  );
}
