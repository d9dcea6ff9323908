import { Prisma } from '../database/generated/prisma/client.js';
import type { Transaction } from '../database/transaction.js';
import type { ConversationRead, ConversationSettingsChanged } from '../events/index.js';
import { updateViewRows } from './view-row-update.js';

/** Only the owner's own row changes. */
export function applyConversationSettings(tx: Transaction, event: ConversationSettingsChanged): Promise<void> {
  const { isPinned, isMuted, isHidden, closedAt } = event.settings;
  return updateViewRows(
    tx,
    'conversationView',
    [event.ownerId],
    Prisma.sql`is_pinned = ${isPinned}, is_muted = ${isMuted}, is_hidden = ${isHidden}, closed_at = ${closedAt}`,
    Prisma.sql`v.channel_id = ${event.channelId}`,
  );
}

export function applyConversationRead(tx: Transaction, event: ConversationRead): Promise<void> {
  return updateViewRows(
    tx,
    'conversationView',
    [event.ownerId],
    Prisma.sql`unread_count = 0, last_read_message_id = ${event.lastReadMessageId}`,
    Prisma.sql`v.channel_id = ${event.channelId} AND v.last_read_message_id <= ${event.lastReadMessageId}`,
  );
}
