import type { Transaction } from '../database/transaction.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors/domain-error.js';
import { GroupMemberLeft, type ChannelLastMessage } from '../events/index.js';

export type GroupRole = 'OWNER' | 'ADMIN' | 'MEMBER';

const RANK: Record<GroupRole, number> = { OWNER: 3, ADMIN: 2, MEMBER: 1 };

/** A group as its commands see it, read under the channel row's lock. */
export interface LockedGroup {
  readonly id: bigint;
  readonly name: string;
  readonly avatarUrl: string;
  readonly infoVer: bigint;
  readonly lastMessage: ChannelLastMessage;
  readonly viewerRole: GroupRole;
  /** Every membership row, current (`leftAt` 0) and former. */
  readonly memberships: readonly GroupMembership[];
  readonly memberIds: readonly bigint[];
}

export interface GroupMembership {
  readonly userId: bigint;
  readonly role: GroupRole;
  readonly leftAt: bigint;
}

interface ChannelRow {
  type: string;
  name: string;
  avatar_url: string;
  info_ver: bigint;
  dissolved_at: bigint;
  last_message_id: bigint;
  last_message_time: bigint;
  last_message_preview: string;
  last_message_sender_id: bigint;
}

/**
 * Locks the channel row first (so group commands and sends into the channel serialize), then
 * checks, in this order: the channel exists, the viewer is a current member, it is a group, it is
 * not dissolved, and the viewer's role is at least `required` (`action` says what for).
 */
export async function lockGroup(
  tx: Transaction,
  channelId: bigint,
  viewerId: bigint,
  required: GroupRole,
  action: string,
): Promise<LockedGroup> {
  const [channel] = await tx.$queryRaw<ChannelRow[]>`
    SELECT type, name, avatar_url, info_ver, dissolved_at,
           last_message_id, last_message_time, last_message_preview, last_message_sender_id
    FROM channel WHERE id = ${channelId} FOR UPDATE`;
  if (!channel) throw new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${channelId} does not exist`);
  const memberships = (await tx.channelMember.findMany({
    where: { channelId },
    select: { userId: true, role: true, leftAt: true },
  })) as GroupMembership[];
  const viewer = memberships.find((m) => m.userId === viewerId && m.leftAt === 0n);
  if (!viewer) throw new ForbiddenError('NOT_A_MEMBER', `you are not a member of conversation ${channelId}`);
  if (channel.type !== 'GROUP') throw new InvalidInputError('NOT_A_GROUP', `conversation ${channelId} is not a group`);
  if (channel.dissolved_at !== 0n) {
    throw new ConflictError('CONVERSATION_DISSOLVED', `conversation ${channelId} has been dissolved`);
  }
  if (RANK[viewer.role] < RANK[required]) {
    throw required === 'OWNER'
      ? new ForbiddenError('NOT_GROUP_OWNER', `only the group's owner can ${action}`)
      : new ForbiddenError('NOT_GROUP_ADMIN', `only the group's owner or an admin can ${action}`);
  }
  return {
    id: channelId,
    name: channel.name,
    avatarUrl: channel.avatar_url,
    infoVer: channel.info_ver,
    lastMessage: {
      id: channel.last_message_id,
      time: channel.last_message_time,
      preview: channel.last_message_preview,
      senderId: channel.last_message_sender_id,
    },
    viewerRole: viewer.role,
    memberships,
    memberIds: memberships.filter((m) => m.leftAt === 0n).map((m) => m.userId),
  };
}

/** A current member other than the viewer, for commands that act on one (remove, transfer). */
export function currentMember(group: LockedGroup, userId: bigint): GroupMembership {
  const member = group.memberships.find((m) => m.userId === userId && m.leftAt === 0n);
  if (!member) throw new NotFoundError('MEMBER_NOT_FOUND', `user ${userId} is not a member of conversation ${group.id}`);
  return member;
}

/** Everyone whose list has a row for the group (current and former members), except `except`. */
export function rowOwnersExcept(group: LockedGroup, except: readonly bigint[]): bigint[] {
  const skip = new Set(except);
  return group.memberships.map((m) => m.userId).filter((id) => !skip.has(id));
}

/**
 * A current member leaves (removedBy null) or is removed: their membership ends, read up to the
 * channel's last message, and the group counts one member less. Returns the event.
 */
export async function endMembership(
  tx: Transaction,
  group: LockedGroup,
  memberId: bigint,
  removedBy: bigint | null,
  now: bigint,
): Promise<GroupMemberLeft> {
  const lastReadMessageId = group.lastMessage.id;
  await tx.channelMember.update({
    where: { channelId_userId: { channelId: group.id, userId: memberId } },
    data: { leftAt: now, lastReadMessageId },
  });
  const memberCount = group.memberIds.length - 1;
  await tx.channel.update({ where: { id: group.id }, data: { memberCount } });
  return new GroupMemberLeft(group.id, memberId, removedBy, lastReadMessageId, memberCount, rowOwnersExcept(group, [memberId]), now);
}
