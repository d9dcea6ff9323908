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

/** A searched term and the predicate of its index (beyond the list's `deleted_at = 0`). */
interface SearchTerm {
  readonly term: Prisma.Sql;
  readonly indexed: Prisma.Sql | null;
}

const REMARKED = Prisma.sql`remark <> ''`;

// Must stay the exact expressions and predicates of the search indexes of migration 014.
const SEARCH_TERMS: readonly SearchTerm[] = [
  { term: Prisma.sql`contact_search_term(friend_nickname_key)`, indexed: null },
  { term: Prisma.sql`contact_search_term(friend_nickname_initials)`, indexed: null },
  { term: Prisma.sql`contact_search_term(friend_username)`, indexed: null },
  {
    term: Prisma.sql`contact_search_term(lower(friend_nickname))`,
    indexed: Prisma.sql`contact_search_term(lower(friend_nickname)) <> contact_search_term(friend_nickname_key)`,
  },
  { term: Prisma.sql`contact_search_term(remark_key)`, indexed: REMARKED },
  { term: Prisma.sql`contact_search_term(remark_initials)`, indexed: REMARKED },
  {
    term: Prisma.sql`contact_search_term(lower(remark))`,
    indexed: Prisma.sql`${REMARKED} AND contact_search_term(lower(remark)) <> contact_search_term(remark_key)`,
  },
];

/** The search as the terms are stored: no accents, lower case, no spaces ('' when nothing is left). */
function searchPrefix(search: string): string {
  const prefix = search.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, '');
  if ([...prefix].length > 64) throw new InvalidInputError('SEARCH_TOO_LONG', 'search must be at most 64 characters');
  return prefix;
}

/**
 * The least string above every string that starts with `prefix`, in code point (C collation)
 * order; null when there is none (the prefix is all U+10FFFF).
 */
export function prefixEnd(prefix: string): string | null {
  const chars = [...prefix];
  while (chars.length > 0) {
    const next = nextCodePoint(chars.pop()!.codePointAt(0)!);
    if (next !== null) return chars.join('') + String.fromCodePoint(next);
  }
  return null;
}

function nextCodePoint(codePoint: number): number | null {
  if (codePoint >= 0x10ffff) return null;
  // Surrogates are no characters: PostgreSQL's UTF-8 text cannot hold one.
  return codePoint + 1 === 0xd800 ? 0xe000 : codePoint + 1;
}

/**
 * One term's prefix range, as a range (not LIKE) so that a generic plan of the prepared
 * statement still scans the index range between the two parameters.
 */
function termStartsWith({ term, indexed }: SearchTerm, prefix: string, end: string | null): Prisma.Sql {
  const range = [Prisma.sql`${term} COLLATE "C" >= ${prefix}`];
  if (end !== null) range.push(Prisma.sql`${term} COLLATE "C" < ${end}`);
  return Prisma.sql`(${Prisma.join(indexed ? [indexed, ...range] : range, ' AND ')})`;
}

/** A prefix of any searched term: a BitmapOr of the search indexes' range scans. */
function searchSql(search: string): Prisma.Sql | null {
  const prefix = searchPrefix(search);
  if (prefix === '') return null;
  const end = prefixEnd(prefix);
  return Prisma.sql`(${Prisma.join(SEARCH_TERMS.map((term) => termStartsWith(term, prefix, end)), ' OR ')})`;
}

/** The WHERE conditions: the list index's predicate, the starred index's predicate, and the search. */
export function contactFilterSql(ownerId: bigint, filter: ContactFilter): Prisma.Sql {
  const conditions = [Prisma.sql`user_id = ${ownerId} AND deleted_at = 0`];
  if (filter.starred) conditions.push(Prisma.sql`is_starred`);
  const search = filter.search ? searchSql(filter.search) : null;
  if (search) conditions.push(search);
  return Prisma.join(conditions, ' AND ');
}
