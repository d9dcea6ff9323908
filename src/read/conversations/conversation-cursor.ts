import { decodeCursor, encodeCursor, isIdText } from '../page.js';
import type { ConversationView } from './conversation-view.js';

/** A position in the list order: (pinned, last message time, channel id), all descending. */
export interface ConversationPosition {
  readonly isPinned: boolean;
  readonly lastMessageTime: bigint;
  readonly channelId: bigint;
}

export function conversationCursor(row: ConversationView): string {
  return encodeCursor([row.isPinned, row.lastMessageTime.toString(), row.channelId.toString()]);
}

export function conversationPosition(cursor: string): ConversationPosition {
  const [isPinned, time, channelId] = decodeCursor<[boolean, string, string]>(
    cursor,
    (v): v is [boolean, string, string] => v.length === 3 && typeof v[0] === 'boolean' && isIdText(v[1]) && isIdText(v[2]),
  );
  return { isPinned, lastMessageTime: BigInt(time), channelId: BigInt(channelId) };
}
