import { Prisma } from '../../database/generated/prisma/client.js';
import { InvalidInputError } from '../../errors/domain-error.js';

/** Which of the viewer's contacts a page shows. Filters combine (AND). */
export interface ContactFilter {
  readonly starred?: boolean | null;
  /**
   * A name prefix, matched against the friend's nickname, username, the viewer's remark, their
   * pinyin ("zhang" finds 张三) and pinyin initials ("zs" finds 张三); case and accents ignored.
   */
  readonly search?: string | null;
}

// Must stay the exact expression of user_contact_view_search_idx (migration 004).
const SEARCH_TOKENS = Prisma.sql`contact_search_tokens(user_id, ARRAY[
  friend_nickname_key, friend_nickname_initials, remark_key, remark_initials, friend_username,
  lower(friend_nickname), lower(remark)])`;

/** Search tokens hold at most this many characters of a name (migration 004). */
const SEARCH_PREFIX_MAX = 32;

/** The token contact_search_tokens() (migration 004) stores for this owner and prefix. */
export function searchToken(ownerId: bigint, search: string): string | null {
  const prefix = [...search.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, '')];
  if (prefix.length === 0) return null;
  if (prefix.length > 64) throw new InvalidInputError('SEARCH_TOO_LONG', 'search must be at most 64 characters');
  return `${ownerId}:${prefix.slice(0, SEARCH_PREFIX_MAX).join('')}`;
}

/**
 * The WHERE conditions: the list index's predicate, the starred index's predicate, and the
 * search token, found in the GIN index user_contact_view_search_idx.
 */
export function contactFilterSql(ownerId: bigint, filter: ContactFilter): Prisma.Sql {
  const conditions = [Prisma.sql`user_id = ${ownerId} AND deleted_at = 0`];
  if (filter.starred) conditions.push(Prisma.sql`is_starred`);
  const token = filter.search ? searchToken(ownerId, filter.search) : null;
  if (token) conditions.push(Prisma.sql`${SEARCH_TOKENS} @> ARRAY[${token}]::text[]`);
  return Prisma.join(conditions, ' AND ');
}
