import type { Transaction } from '../../database/transaction.js';

/**
 * Mentions are written `@username` (usernames are unique and cannot change, unlike nicknames),
 * or `@all` for everyone in a group. An `@` counts only at the start of the text or after a
 * character that cannot be part of a username or an e-mail address ("bob@example" mentions no one).
 */
const MENTION = /(?<![\p{L}\p{N}_.@])@([a-z0-9_.]{3,32})(?![a-z0-9_])/gu;

export interface MentionedNames {
  readonly usernames: readonly string[];
  readonly all: boolean;
}

export function mentionedNames(body: string): MentionedNames {
  const names = new Set([...body.matchAll(MENTION)].map((match) => match[1]!.replace(/\.+$/, '')));
  return { usernames: [...names].filter((name) => name.length >= 3), all: names.has('all') };
}

export interface Mentions {
  readonly userIds: bigint[];
  readonly all: boolean;
}

/**
 * Stores who the message mentions: the current members named (never the sender), and `@all` as
 * user 0 in a group. A name that is not a member mentions no one.
 */
export async function recordMentions(
  tx: Transaction,
  message: { id: bigint; channelId: bigint; senderId: bigint; body: string },
  channelType: string,
  memberIds: readonly bigint[],
): Promise<Mentions> {
  const names = mentionedNames(message.body);
  const all = names.all && channelType === 'GROUP';
  const named = names.usernames.length === 0 ? [] : await tx.user.findMany({
    where: { username: { in: [...names.usernames] }, id: { in: memberIds.filter((id) => id !== message.senderId) } },
    select: { id: true },
  });
  const userIds = named.map((user) => user.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows = [...userIds, ...(all ? [0n] : [])];
  if (rows.length > 0) {
    await tx.messageMention.createMany({ data: rows.map((userId) => ({ messageId: message.id, channelId: message.channelId, userId })) });
  }
  return { userIds, all };
}
