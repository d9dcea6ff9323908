import { decodeCursor, encodeCursor, isIdText } from '../page.js';
import type { ConversationView } from './conversation-view.js';

/**
 * A position in the list order: (pinned, pin time, activity time, channel id), all descending.
 * A page after a cursor starts strictly below this position, so rows that move meanwhile (a new
 * message lifts a conversation to the top) never make the next page repeat or skip another row.
 */
export interface ConversationPosition {
  readonly isPinned: boolean;
  readonly pinnedAt: bigint;
  readonly activityTime: bigint;
  readonly channelId: bigint;
}

export function conversationCursor(row: ConversationView): string {
  return encodeCursor([row.isPinned, row.pinnedAt.toString(), row.activityTime.toString(), row.channelId.toString()]);
}

export function conversationPosition(cursor: string): ConversationPosition {
  const [isPinned, pinnedAt, activityTime, channelId] = decodeCursor<[boolean, string, string, string]>(
    cursor,
    (v): v is [boolean, string, string, string] =>
      v.length === 4 && typeof v[0] === 'boolean' && isIdText(v[1]) && isIdText(v[2]) && isIdText(v[3]),
  );
  return { isPinned, pinnedAt: BigInt(pinnedAt), activityTime: BigInt(activityTime), channelId: BigInt(channelId) };
}
