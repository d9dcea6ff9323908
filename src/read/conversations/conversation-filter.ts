import { Prisma } from '../../database/generated/prisma/client.js';
import { InvalidInputError } from '../../errors/domain-error.js';

/**
 * Which of the viewer's open, visible conversations a list page shows. Filters combine (AND).
 * `archived` picks the archive instead of the main list; the two never overlap.
 */
export interface ConversationFilter {
  readonly kind?: 'DIRECT' | 'GROUP' | null;
  /** Unread messages, or marked unread by hand. */
  readonly unreadOnly?: boolean | null;
  readonly mutedOnly?: boolean | null;
  readonly excludeMuted?: boolean | null;
  readonly pinnedOnly?: boolean | null;
  readonly archived?: boolean | null;
}

export function validConversationFilter(filter: ConversationFilter | null | undefined): ConversationFilter {
  if (filter?.mutedOnly && filter.excludeMuted) {
    throw new InvalidInputError('CONFLICTING_FILTERS', 'mutedOnly and excludeMuted exclude each other: pass at most one');
  }
  return filter ?? {};
}

/**
 * The WHERE conditions of a filtered list. Each condition is written exactly as the predicate or
 * an equality column of one partial index of migration 004, so that the planner serves the page
 * with one range scan of that index: the list index (is_archived, is_pinned fixed), the kind
 * index (channel_type), or the muted, unmuted or unread index (their predicates).
 */
export function conversationFilterSql(ownerId: bigint, filter: ConversationFilter): Prisma.Sql {
  const listed = Prisma.sql`user_id = ${ownerId} AND closed_at = 0 AND is_hidden = FALSE`;
  return Prisma.join([listed, ...filterConditions(filter, Prisma.sql`(unread_count > 0 OR marked_unread)`)], ' AND ');
}

/** The same filter over the owner's badge totals (migration 015), which count only listed rows. */
export function conversationTotalsFilterSql(ownerId: bigint, filter: ConversationFilter): Prisma.Sql {
  return Prisma.join([Prisma.sql`user_id = ${ownerId}`, ...filterConditions(filter, Prisma.sql`is_unread`)], ' AND ');
}

function filterConditions(filter: ConversationFilter, unread: Prisma.Sql): Prisma.Sql[] {
  const conditions = [Prisma.sql`is_archived = ${filter.archived ?? false}`];
  if (filter.kind) conditions.push(Prisma.sql`channel_type = ${filter.kind}`);
  if (filter.unreadOnly) conditions.push(unread);
  if (filter.mutedOnly) conditions.push(Prisma.sql`is_muted = TRUE`);
  if (filter.excludeMuted) conditions.push(Prisma.sql`is_muted = FALSE`);
  if (filter.pinnedOnly) conditions.push(Prisma.sql`is_pinned = TRUE`);
  return conditions;
}
