import { Prisma } from '../database/generated/prisma/client.js';
import type { ConversationRead, ConversationSettingsChanged, DraftSaved } from '../events/index.js';
import { updateViewRows } from './view-row-update.js';
import type { ViewWrite } from './view-shards.js';

/** Only the owner's own row changes. */
export function applyConversationSettings(at: ViewWrite, event: ConversationSettingsChanged): Promise<void> {
  const { isPinned, pinnedAt, isMuted, isHidden, closedAt, isArchived, markedUnread } = event.settings;
  return updateViewRows(
    at,
    'conversationView',
    [event.ownerId],
    Prisma.sql`is_pinned = ${isPinned}, pinned_at = ${pinnedAt}, is_muted = ${isMuted}, is_hidden = ${isHidden},
               closed_at = ${closedAt}, is_archived = ${isArchived}, marked_unread = ${markedUnread}`,
    Prisma.sql`v.channel_id = ${event.channelId}`,
  );
}

export function applyConversationRead(at: ViewWrite, event: ConversationRead): Promise<void> {
  return updateViewRows(
    at,
    'conversationView',
    [event.ownerId],
    Prisma.sql`unread_count = 0, mention_count = 0, marked_unread = FALSE, last_read_message_id = ${event.lastReadMessageId}`,
    Prisma.sql`v.channel_id = ${event.channelId} AND v.last_read_message_id <= ${event.lastReadMessageId}`,
  );
}

/** The draft's time counts as activity (the list orders by the later of it and the last message). */
export function applyDraftSaved(at: ViewWrite, event: DraftSaved): Promise<void> {
  return updateViewRows(
    at,
    'conversationView',
    [event.ownerId],
    Prisma.sql`draft = ${event.draft}, draft_time = ${event.draftAt}`,
    Prisma.sql`v.channel_id = ${event.channelId}`,
  );
}
