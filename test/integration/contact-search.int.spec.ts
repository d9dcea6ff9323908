import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ContactViewRepository } from '../../src/read/contacts/contact-view.repository.js';
import { prefixEnd, type ContactFilter } from '../../src/read/contacts/contact-filter.js';
import { ShardMap } from '../../src/sharding/shard-map.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const OWNER = 42n;
const OTHER_OWNER = 42n + 256n; // same shard
/** The owner's contact row of friend n (friend ids are offset by the owner). */
const id = (n: number) => Number(OWNER) + n;

/** [friend id, username, nickname, nickname key, initials, remark, remark key, remark initials, starred] */
type Row = [number, string, string, string, string, string, string, string, boolean];
const ROWS: Row[] = [
  [1, 'long1', 'A very long nickname that goes well past thirty-two characters', 'a very long nickname that goes well past thirty-two characters', 'avlntgwptc', '', '', '', false],
  [2, 'long2', 'A very long nickname that goes well past thirty-two chars too', 'a very long nickname that goes well past thirty-two chars too', 'avlntgwpttct', '', '', '', false],
  [3, 'pure_100', '100% pure', '~100% pure', '1p', '', '', '', false],
  [4, 'purex100', '1000 pure', '~1000 pure', '1p', '', '', '', false],
  [5, 'emile', 'Émile', 'emile', 'e', 'Boss', 'boss', 'b', false],
  ...[1, 2, 3, 4, 5, 6].map((i): Row => [10 + i, `alpha${i}`, `Alpha ${i}`, `alpha ${i}`, 'a', '', '', '', i % 2 === 0]),
];

describe('contact search: a prefix of a term, as contact_search_term() (migration 014) stores it', () => {
  let db: TestDatabase;
  let repository: ContactViewRepository;
  const search = async (filter: ContactFilter) =>
    (await repository.listPage(OWNER, 100, null, filter)).map((row) => Number(row.friendId));

  beforeAll(async () => {
    db = await createTestDatabase();
    repository = new ContactViewRepository(new ShardMap(db.database));
    for (const owner of [OWNER, OTHER_OWNER]) {
      for (const [friend, username, nickname, key, initials, remark, remarkKey, remarkInitials, starred] of ROWS) {
        await db.database.prisma.$executeRaw`
          INSERT INTO user_contact_view (user_id, friend_id, friend_username, friend_nickname, friend_nickname_key,
            friend_nickname_initials, remark, remark_key, remark_initials, is_starred, channel_id, created_at, version)
          VALUES (${owner}, ${friend + Number(owner)}, ${username}, ${nickname}, ${key}, ${initials}, ${remark}, ${remarkKey},
            ${remarkInitials}, ${starred}, ${friend}, 1, 1)`;
      }
    }
  });
  afterAll(() => db.drop());

  it('normalizes a term as the old tokens did: no leading "~", no spaces', async () => {
    const [row] = await db.database.prisma.$queryRaw<Array<{ terms: string[] }>>`
      SELECT ARRAY[contact_search_term('~~123 go'), contact_search_term('zhang san'), contact_search_term('')] AS terms`;
    expect(row!.terms).toEqual(['123go', 'zhangsan', '']);
  });

  it('matches past 32 characters: a long search tells two long names apart', async () => {
    expect(await search({ search: 'a very long nickname that goes well past' })).toEqual([id(1), id(2)]);
    expect(await search({ search: 'averylongnicknamethatgoeswellpastthirty-twocharac' })).toEqual([id(1)]);
    expect(await search({ search: 'averylongnicknamethatgoeswellpastthirty-twochars' })).toEqual([id(2)]);
  });

  it('takes % and _ literally', async () => {
    expect(await search({ search: '100%' })).toEqual([id(3)]);
    expect(await search({ search: 'pure_' })).toEqual([id(3)]);
    expect(await search({ search: '%' })).toEqual([]);
    expect(await search({ search: '_' })).toEqual([]);
  });

  it('finds by nickname, its key, initials, username and remark, accents and case ignored', async () => {
    const emile = id(5);
    for (const prefix of ['ÉMI', 'emi', 'e', 'bo', 'B', 'Emil']) expect(await search({ search: prefix })).toContain(emile);
    expect(await search({ search: '1p' })).toEqual([id(3), id(4)]);
  });

  it('combines with starred and pages with the cursor in list order', async () => {
    const seen: number[] = [];
    let after: { sortName: string; friendId: bigint } | null = null;
    for (;;) {
      const [row] = await repository.listPage(OWNER, 1, after, { search: 'alpha', starred: true });
      if (!row) break;
      seen.push(Number(row.friendId));
      after = { sortName: row.sortName, friendId: row.friendId };
    }
    expect(seen).toEqual([id(12), id(14), id(16)]);
  });
});

describe('prefixEnd: the upper bound of a prefix range in code point order', () => {
  it('is the prefix with its last character one higher, skipping surrogates and dropping U+10FFFF', () => {
    expect(prefixEnd('ab')).toBe('ac');
    expect(prefixEnd('张')).toBe(String.fromCodePoint('张'.codePointAt(0)! + 1));
    expect(prefixEnd('a\u{10FFFF}')).toBe('b');
    expect(prefixEnd('\u{D7FF}')).toBe('\u{E000}');
    expect(prefixEnd('\u{10FFFF}')).toBeNull();
  });
});
