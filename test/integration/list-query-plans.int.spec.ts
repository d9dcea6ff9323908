import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/database/database.js';
import { Prisma, type PrismaClient } from '../../src/database/generated/prisma/client.js';
import { ContactViewRepository } from '../../src/read/contacts/contact-view.repository.js';
import type { ContactPosition } from '../../src/read/contacts/contact-cursor.js';
import type { ContactFilter } from '../../src/read/contacts/contact-filter.js';
import type { ContactView } from '../../src/read/contacts/contact-view.js';
import { ConversationViewRepository } from '../../src/read/conversations/conversation-view.repository.js';
import type { ConversationPosition } from '../../src/read/conversations/conversation-cursor.js';
import { conversationFilterSql, type ConversationFilter } from '../../src/read/conversations/conversation-filter.js';
import type { ConversationView } from '../../src/read/conversations/conversation-view.js';
import { ShardMap } from '../../src/sharding/shard-map.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The list pages are the hot read path, and the schema and repositories promise each is one index
 * range scan of one shard's partition: no sort, no scan of other rows. This file holds the repositories to it with
 * EXPLAIN, on a shard filled realistically enough that the planner has a real choice (one owner
 * with 3,000 conversations and 3,000 contacts among 50 other owners of the same shard).
 *
 * The SQL explained is the SQL the repositories build, captured from them (not a copy), with its
 * parameters written in as literals. No planner setting is touched. Embedded PGlite and real
 * PostgreSQL (TEST_DATABASE_URL) choose the same plans here, so both run every assertion.
 */

const SHARD = 7;
const OWNER = 7n + 256n * 10n; // on shard 7
const OTHER_OWNERS = Array.from({ length: 50 }, (_, i) => 7n + 256n * BigInt(100 + i));
const CONVERSATIONS = `user_conversation_view_${SHARD}`;
const CONTACTS = `user_contact_view_${SHARD}`;
const TOTALS = 'user_conversation_totals';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Scan Direction'?: string;
  'Index Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

/** One plan node as the assertions see it: what it does, on what, through which index. */
interface NodeSummary {
  node: string;
  relation?: string;
  index?: string;
  direction?: string;
  filter?: string;
}

function summarize(plan: PlanNode): NodeSummary[] {
  const summary: NodeSummary = { node: plan['Node Type'] };
  if (plan['Relation Name']) summary.relation = plan['Relation Name'];
  if (plan['Index Name']) summary.index = plan['Index Name'];
  if (plan['Scan Direction']) summary.direction = plan['Scan Direction'];
  if (plan.Filter) summary.filter = plan.Filter;
  return [summary, ...(plan.Plans ?? []).flatMap(summarize)];
}

function findScan(plan: PlanNode): PlanNode | undefined {
  if (plan['Node Type'].includes('Scan')) return plan;
  for (const child of plan.Plans ?? []) {
    const scan = findScan(child);
    if (scan) return scan;
  }
  return undefined;
}

/** A value as an SQL literal (what a bound parameter of that value means to the planner). */
function literal(value: unknown): string {
  if (typeof value === 'bigint' || typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  throw new Error(`no literal for ${typeof value}: ${String(value)}`);
}

/** The statement with its $n placeholders replaced by the literal values. */
function inline(statement: Prisma.Sql): string {
  return statement.text.replace(/\$(\d+)/g, (_, n: string) => literal(statement.values[Number(n) - 1]));
}

/**
 * A database stand-in that records the statement a repository sends instead of running it, so
 * the test explains exactly what the repository would run.
 */
function capturing(statements: Prisma.Sql[]): ShardMap {
  const prisma = {
    $queryRaw: (strings: TemplateStringsArray, ...values: Prisma.Sql[]) => {
      statements.push(Prisma.sql(strings, ...values));
      return Promise.resolve([]);
    },
  };
  // The list reads go through Database.read (named prepared statements); capture those too.
  const read = (statement: Prisma.Sql) => {
    statements.push(statement);
    return Promise.resolve([]);
  };
  return new ShardMap({ prisma, read } as unknown as Database);
}

/**
 * Badge totals of 5,000 more owners (on shard 8, beside the rows explained), so that reading one
 * owner's totals by key is a real choice for the planner, as in a deployment.
 */
async function fillOtherOwnersTotals(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(`
    INSERT INTO user_conversation_view (user_id, channel_id, channel_type, unread_count, version)
    SELECT 8 + 256 * (100000 + g), c, CASE WHEN c = 1 THEN 'DIRECT' ELSE 'GROUP' END, g % 3, 1
    FROM generate_series(1, 5000) AS g, generate_series(1, 2) AS c`);
  await prisma.$executeRawUnsafe(`ANALYZE ${TOTALS}`);
}

async function fillShard(prisma: PrismaClient): Promise<void> {
  const others = OTHER_OWNERS.join(', ');
  // The owner: 3,000 conversations, 30 pinned, distinct (shuffled) last-message times, and a few
  // closed (every 97th) or hidden (every 89th) that the list must skip.
  await prisma.$executeRawUnsafe(`
    INSERT INTO ${CONVERSATIONS} (user_id, channel_id, channel_type, peer_user_id, peer_nickname, group_name,
      member_count, is_pinned, is_muted, is_hidden, closed_at, last_message_id, last_message_time,
      last_message_preview, last_message_sender_id, unread_count, last_read_message_id, version,
      pinned_at, is_archived, marked_unread, draft, draft_time, mention_count)
    SELECT ${OWNER}, 100000 + g,
           CASE WHEN g % 4 = 0 THEN 'GROUP' ELSE 'DIRECT' END,
           CASE WHEN g % 4 = 0 THEN 0 ELSE 500000 + g END,
           CASE WHEN g % 4 = 0 THEN '' ELSE 'Peer ' || g END,
           CASE WHEN g % 4 = 0 THEN 'Group ' || g ELSE '' END,
           CASE WHEN g % 4 = 0 THEN 3 + g % 40 ELSE 2 END,
           g % 100 = 0, g % 7 = 0, g % 89 = 0,
           CASE WHEN g % 97 = 0 THEN 1700000000000 + g ELSE 0 END,
           9000000 + g, 1700000000000 + ((g * 7919) % 3000) * 1000,
           'message ' || g, 500000 + g, g % 5, 9000000 + g - g % 5, g,
           CASE WHEN g % 100 = 0 THEN 1700000000000 + (g * 37) % 3000 ELSE 0 END,
           g % 13 = 0, g % 61 = 0,
           CASE WHEN g % 71 = 0 THEN 'draft ' || g ELSE '' END,
           CASE WHEN g % 71 = 0 THEN 1700001000000 + g * 1000 ELSE 0 END,
           CASE WHEN g % 5 = 4 THEN 1 ELSE 0 END
    FROM generate_series(1, 3000) AS g`);
  // 50 other owners of the same shard with 100 conversations each.
  await prisma.$executeRawUnsafe(`
    INSERT INTO ${CONVERSATIONS} (user_id, channel_id, channel_type, peer_user_id, peer_nickname,
      is_pinned, is_hidden, closed_at, last_message_id, last_message_time, last_message_preview, version)
    SELECT o, 200000 + g, 'DIRECT', 600000 + g, 'Peer ' || g,
           g % 20 = 0, g % 31 = 0, CASE WHEN g % 37 = 0 THEN 1700000000000 ELSE 0 END,
           8000000 + g, 1690000000000 + g * 60000 + o, 'hello ' || g, g
    FROM unnest(ARRAY[${others}]::bigint[]) AS o, generate_series(1, 100) AS g`);
  // The owner: 3,000 contacts with varied names (mixed case, accents), every 10th renamed by a
  // remark, every 50th deleted.
  await prisma.$executeRawUnsafe(`
    INSERT INTO ${CONTACTS} (user_id, friend_id, friend_username, friend_nickname, friend_avatar_url,
      remark, channel_id, created_at, deleted_at, version)
    SELECT ${OWNER}, 10000 + g, 'user' || g,
           (ARRAY['alice', 'Bob', 'carol', 'Dave', 'Émile', 'zoë', 'Xiao', 'mallory'])[1 + g % 8]
             || ' ' || substr(md5(g::text), 1, 6),
           CASE WHEN g % 3 = 0 THEN 'https://avatars.example/' || g ELSE '' END,
           CASE WHEN g % 10 = 0 THEN 'Remark ' || substr(md5((g * 3)::text), 1, 5) ELSE '' END,
           100000 + g, 1700000000000 + g, CASE WHEN g % 50 = 0 THEN 1700000500000 + g ELSE 0 END, g
    FROM generate_series(1, 3000) AS g`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO ${CONTACTS} (user_id, friend_id, friend_username, friend_nickname, remark, channel_id,
      created_at, version)
    SELECT o, 20000 + g, 'other' || g, 'Friend ' || substr(md5((o + g)::text), 1, 8),
           CASE WHEN g % 9 = 0 THEN 'Pal ' || g ELSE '' END, 200000 + g, 1690000000000 + g, g
    FROM unnest(ARRAY[${others}]::bigint[]) AS o, generate_series(1, 100) AS g`);
  // Name keys as src/write/name-keys.ts computes them for Latin names (lower case, accents
  // folded); every 7th owner's contact is starred.
  await prisma.$executeRawUnsafe(`
    UPDATE ${CONTACTS} SET
      friend_nickname_key = lower(translate(friend_nickname, 'Éë', 'ee')),
      friend_nickname_initials = lower(left(friend_nickname, 1)),
      remark_key = lower(remark), remark_initials = lower(left(remark, 1)),
      is_starred = user_id = ${OWNER} AND friend_id % 7 = 0`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO user_view_state_${SHARD} (user_id, version)
    SELECT o, 200 FROM unnest(ARRAY[${OWNER}, ${others}]::bigint[]) AS o`);
  // VACUUM as autovacuum would: index-only scans are costed by the visibility map it sets.
  await prisma.$executeRawUnsafe(`VACUUM ANALYZE ${CONVERSATIONS}, ${CONTACTS}, user_view_state_${SHARD}`);
}

describe('a list page reads one index range of one shard partition, in list order', () => {
  let testDatabase: TestDatabase;
  let prisma: PrismaClient;
  let conversationListIndex: string;
  let conversationKindIndex: string;
  let conversationMutedIndex: string;
  let conversationUnmutedIndex: string;
  let conversationUnreadIndex: string;
  let contactListIndex: string;
  let contactStarredIndex: string;
  let contactSearchIndexes: string[];

  async function explain(statement: Prisma.Sql): Promise<PlanNode> {
    const [row] = await prisma.$queryRawUnsafe<Array<{ 'QUERY PLAN': unknown }>>(
      `EXPLAIN (FORMAT JSON) ${inline(statement)}`,
    );
    const json = row!['QUERY PLAN'];
    const [top] = (typeof json === 'string' ? JSON.parse(json) : json) as Array<{ Plan: PlanNode }>;
    return top!.Plan;
  }

  /** The plan of the one statement ConversationViewRepository.listPage sends for this page. */
  async function conversationPagePlan(
    limit: number,
    after: ConversationPosition | null,
    filter: ConversationFilter = {},
  ): Promise<PlanNode> {
    const statements: Prisma.Sql[] = [];
    await new ConversationViewRepository(capturing(statements)).listPage(OWNER, limit, after, filter);
    expect(statements).toHaveLength(1);
    return explain(statements[0]!);
  }

  /** The plan of the one statement a ConversationViewRepository aggregate sends. */
  async function conversationAggregatePlan(
    aggregate: (repository: ConversationViewRepository) => Promise<unknown>,
  ): Promise<PlanNode> {
    const statements: Prisma.Sql[] = [];
    await aggregate(new ConversationViewRepository(capturing(statements))).catch(() => undefined);
    expect(statements).toHaveLength(1);
    return explain(statements[0]!);
  }

  /** The plan of the one statement ContactViewRepository.listPage sends for this page. */
  async function contactPagePlan(limit: number, after: ContactPosition | null, filter: ContactFilter = {}): Promise<PlanNode> {
    const statements: Prisma.Sql[] = [];
    await new ContactViewRepository(capturing(statements)).listPage(OWNER, limit, after, filter);
    expect(statements).toHaveLength(1);
    return explain(statements[0]!);
  }

  /** An aggregate over the owner's rows of the badge totals, found by their key: no other rows read. */
  function expectOwnersTotalsByKey(plan: PlanNode) {
    const nodes = summarize(plan);
    expect(nodes[0]).toEqual({ node: 'Aggregate' });
    const scans = nodes.slice(1);
    expect(scans.map((n) => n.node)).toEqual(expect.arrayContaining([expect.stringMatching(/^(Bitmap )?Index (Only )?Scan$/)]));
    expect(scans.map((n) => n.node)).not.toContain('Seq Scan');
    for (const scan of scans) expect(scan.index ?? `${TOTALS}_pkey`).toBe(`${TOTALS}_pkey`);
    expect(JSON.stringify(plan)).toMatch(new RegExp(`"Index Cond":"\\(+user_id = ${OWNER}\\)`));
  }

  /** Exactly: a Limit over one index scan of `relation` through `index`, nothing filtered after. */
  function expectOneIndexRange(plan: PlanNode, relation: string, index: string, direction: 'Forward' | 'Backward') {
    // The whole plan, so a failure shows it: no Sort, no Seq Scan or Bitmap scan, no Append over
    // partitions, no Filter discarding rows the index range returned.
    const nodes = summarize(plan);
    expect(nodes).toEqual([
      { node: 'Limit' },
      { node: expect.stringMatching(/^Index (Only )?Scan$/), relation, index, direction },
    ]);
    expect(nodes.map((n) => n.node)).not.toContain('Sort');
    expect(nodes.map((n) => n.node)).not.toContain('Seq Scan');
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    prisma = testDatabase.database.prisma;
    await fillShard(prisma);
    await fillOtherOwnersTotals(prisma);
    // PostgreSQL names each partition's copy of a parent index itself; find this shard's.
    const indexes = await prisma.$queryRawUnsafe<Array<{ tablename: string; indexname: string; indexdef: string }>>(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ($1, $2)`,
      CONVERSATIONS,
      CONTACTS,
    );
    const listIndex = (table: string, mark: string, unlike: string[] = []) => {
      const found = indexes.filter(
        (i) => i.tablename === table && i.indexdef.includes(mark) && !unlike.some((text) => i.indexdef.includes(text)),
      );
      expect(found).toHaveLength(1);
      return found[0]!.indexname;
    };
    conversationListIndex = listIndex(CONVERSATIONS, '(user_id, is_archived, is_pinned,', ['unread_count', 'is_muted']);
    conversationKindIndex = listIndex(CONVERSATIONS, '(user_id, is_archived, channel_type,');
    conversationMutedIndex = listIndex(CONVERSATIONS, 'AND (is_muted = true)');
    conversationUnmutedIndex = listIndex(CONVERSATIONS, 'AND (is_muted = false)', ['unread_count']);
    conversationUnreadIndex = listIndex(CONVERSATIONS, 'OR marked_unread');
    contactListIndex = listIndex(CONTACTS, 'INCLUDE (remark');
    contactStarredIndex = listIndex(CONTACTS, 'is_starred');
    contactSearchIndexes = indexes
      .filter((i) => i.tablename === CONTACTS && i.indexdef.includes('contact_search_term('))
      .map((i) => i.indexname)
      .sort();
    expect(contactSearchIndexes).toHaveLength(7);
  }, 180_000);
  afterAll(() => testDatabase.drop());

  describe('the conversation list (pinned first, then latest message first)', () => {
    let repository: ConversationViewRepository;
    let firstPage: ConversationView[];
    const positionOf = (row: ConversationView): ConversationPosition => ({
      isPinned: row.isPinned,
      pinnedAt: row.pinnedAt,
      activityTime: row.activityTime,
      channelId: row.channelId,
    });
    const cursorCond = 'ROW(is_pinned, pinned_at, GREATEST(last_message_time, draft_time), channel_id) < ROW(';

    beforeAll(async () => {
      repository = new ConversationViewRepository(new ShardMap(testDatabase.database));
      firstPage = await repository.listPage(OWNER, 21, null);
    });

    it('is read from a shard whose owner has thousands of visible conversations among other owners', async () => {
      const [counts] = await prisma.$queryRawUnsafe<Array<{ owners: bigint; mine: bigint; visible: bigint }>>(`
        SELECT count(DISTINCT user_id) AS owners, count(*) FILTER (WHERE user_id = ${OWNER}) AS mine,
               count(*) FILTER (WHERE user_id = ${OWNER} AND closed_at = 0 AND NOT is_hidden) AS visible
        FROM ${CONVERSATIONS}`);
      expect(counts).toEqual({ owners: 51n, mine: 3000n, visible: 2937n });
      expect(firstPage.filter((row) => row.isArchived)).toEqual([]);
      expect(firstPage).toHaveLength(21);
      expect(firstPage[0]!.isPinned).toBe(true);
    });

    it('first page: one backward range scan of the partition’s list index, no sort', async () => {
      const plan = await conversationPagePlan(21, null);
      expectOneIndexRange(plan, CONVERSATIONS, conversationListIndex, 'Backward');
      expect(findScan(plan)!['Index Cond']).toBe(`((user_id = ${OWNER}) AND (is_archived = false))`);
    });

    it('page after a cursor: the cursor starts the index range (an Index Cond, not a filter)', async () => {
      const plan = await conversationPagePlan(21, positionOf(firstPage.at(-1)!));
      expectOneIndexRange(plan, CONVERSATIONS, conversationListIndex, 'Backward');
      expect(findScan(plan)!['Index Cond']).toContain(`(user_id = ${OWNER}) AND (is_archived = false) AND (${cursorCond}`);
    });

    it('page deep in the list, past the pinned ones: still one range scan, no sort', async () => {
      const deep = (await repository.listPage(OWNER, 2000, null)).at(-1)!;
      expect(deep.isPinned).toBe(false);
      const plan = await conversationPagePlan(21, positionOf(deep));
      expectOneIndexRange(plan, CONVERSATIONS, conversationListIndex, 'Backward');
      expect(findScan(plan)!['Index Cond']).toContain(`${cursorCond}false,`);
    });

    // Each filter alone: one range scan of the index made for it, the filter an Index Cond (an
    // equality column or the partial index's own predicate), nothing discarded after the scan.
    const oneFilter: Array<[string, ConversationFilter, () => string, string]> = [
      ['the archive', { archived: true }, () => conversationListIndex, `(is_archived = true)`],
      ['kind: GROUP', { kind: 'GROUP' }, () => conversationKindIndex, `(channel_type = 'GROUP'::text)`],
      ['kind: DIRECT', { kind: 'DIRECT' }, () => conversationKindIndex, `(channel_type = 'DIRECT'::text)`],
      ['mutedOnly', { mutedOnly: true }, () => conversationMutedIndex, `(is_archived = false)`],
      ['excludeMuted', { excludeMuted: true }, () => conversationUnmutedIndex, `(is_archived = false)`],
      ['pinnedOnly', { pinnedOnly: true }, () => conversationListIndex, `(is_pinned = true)`],
      ['unreadOnly', { unreadOnly: true }, () => conversationUnreadIndex, `(is_archived = false)`],
    ];

    it.each(oneFilter)('%s: first page and a page after a cursor are one backward range scan of its index', async (_name, filter, index, cond) => {
      const rows = await repository.listPage(OWNER, 30, null, filter);
      expect(rows.length).toBeGreaterThan(0);
      for (const after of [null, positionOf(rows.at(-1)!)]) {
        const plan = await conversationPagePlan(21, after, filter);
        expectOneIndexRange(plan, CONVERSATIONS, index(), 'Backward');
        expect(findScan(plan)!['Index Cond']).toContain(cond);
        if (after) expect(findScan(plan)!['Index Cond']).toContain(cursorCond);
      }
    });

    it('combined filters: still one backward index scan in list order, no sort', async () => {
      const filter: ConversationFilter = { kind: 'DIRECT', unreadOnly: true, excludeMuted: true };
      const rows = await repository.listPage(OWNER, 30, null, filter);
      const plan = await conversationPagePlan(21, positionOf(rows.at(-1)!), filter);
      const nodes = summarize(plan);
      expect(nodes.map((n) => n.node)).toEqual(['Limit', expect.stringMatching(/^Index (Only )?Scan$/)]);
      expect(nodes[1]).toMatchObject({ relation: CONVERSATIONS, direction: 'Backward' });
    });

    it('totalCount of a filtered list: a sum over the owner’s badge totals rows, read through their key', async () => {
      const filters: ConversationFilter[] = [{}, { unreadOnly: true }, { kind: 'GROUP' }, { archived: true }, { mutedOnly: true }, { kind: 'DIRECT', excludeMuted: true, pinnedOnly: true }];
      for (const filter of filters) {
        expectOwnersTotalsByKey(await conversationAggregatePlan((r) => r.count(OWNER, filter)));
        const [listed] = await prisma.$queryRaw<Array<{ count: number }>>(
          Prisma.sql`SELECT count(*)::integer AS count FROM ${Prisma.raw(CONVERSATIONS)} WHERE ${conversationFilterSql(OWNER, filter)}`,
        );
        expect(await repository.count(OWNER, filter)).toBe(listed!.count);
      }
      expect(await repository.count(OWNER, {})).toBe(2937 - (await repository.count(OWNER, { archived: true })));
    });

    it('unreadTotal: a sum over the owner’s unmuted badge totals rows of the main list', async () => {
      expectOwnersTotalsByKey(await conversationAggregatePlan((r) => r.unreadTotal(OWNER)));
      const [expected] = await prisma.$queryRawUnsafe<Array<{ total: number }>>(`
        SELECT sum(unread_count)::integer AS total FROM ${CONVERSATIONS}
        WHERE user_id = ${OWNER} AND closed_at = 0 AND NOT is_hidden AND NOT is_archived AND NOT is_muted`);
      expect(await repository.unreadTotal(OWNER)).toBe(expected!.total);
    });
  });

  describe('the contact list (address-book order: remark else nickname, case-insensitive)', () => {
    let repository: ContactViewRepository;
    let firstPage: ContactView[];
    const positionOf = (row: ContactView): ContactPosition => ({ sortName: row.sortName, friendId: row.friendId });
    const cursorCond = `ROW((CASE WHEN (remark <> ''::text) THEN remark_key ELSE friend_nickname_key END)::text, friend_id) > ROW(`;

    beforeAll(async () => {
      repository = new ContactViewRepository(new ShardMap(testDatabase.database));
      firstPage = await repository.listPage(OWNER, 51, null);
    });

    it('is read from a shard whose owner has thousands of contacts among other owners', async () => {
      const [counts] = await prisma.$queryRawUnsafe<Array<{ owners: bigint; mine: bigint; listed: bigint }>>(`
        SELECT count(DISTINCT user_id) AS owners, count(*) FILTER (WHERE user_id = ${OWNER}) AS mine,
               count(*) FILTER (WHERE user_id = ${OWNER} AND deleted_at = 0) AS listed
        FROM ${CONTACTS}`);
      expect(counts).toEqual({ owners: 51n, mine: 3000n, listed: 2940n });
      expect(firstPage).toHaveLength(51);
    });

    it('first page: one forward range scan of the partition’s list index, no sort', async () => {
      const plan = await contactPagePlan(51, null);
      expectOneIndexRange(plan, CONTACTS, contactListIndex, 'Forward');
      expect(findScan(plan)!['Index Cond']).toBe(`(user_id = ${OWNER})`);
    });

    it('page after a cursor: the cursor starts the index range (an Index Cond, not a filter)', async () => {
      const plan = await contactPagePlan(51, positionOf(firstPage.at(-1)!));
      expectOneIndexRange(plan, CONTACTS, contactListIndex, 'Forward');
      expect(findScan(plan)!['Index Cond']).toBe(
        `((user_id = ${OWNER}) AND (${cursorCond}${literal(firstPage.at(-1)!.sortName)}::text, ${firstPage.at(-1)!.friendId})))`,
      );
    });

    it('page deep in the list, after a remark-named contact: still one range scan, no sort', async () => {
      const deep = (await repository.listPage(OWNER, 2600, null)).filter((row) => row.remark !== '').at(-1)!;
      expect(deep.sortName).toBe(deep.remark.toLowerCase());
      const plan = await contactPagePlan(51, positionOf(deep));
      expectOneIndexRange(plan, CONTACTS, contactListIndex, 'Forward');
      expect(findScan(plan)!['Index Cond']).toContain(cursorCond);
    });

    it('starred: one forward range scan of the starred partial index, first page and after a cursor', async () => {
      const starred = await repository.listPage(OWNER, 30, null, { starred: true });
      expect(starred.every((row) => row.isStarred)).toBe(true);
      for (const after of [null, positionOf(starred.at(-1)!)]) {
        expectOneIndexRange(await contactPagePlan(51, after, { starred: true }), CONTACTS, contactStarredIndex, 'Forward');
      }
    });

    it('name-prefix search: a BitmapOr of the owner\'s range in each search index, then the few matches sorted', async () => {
      const found = await repository.listPage(OWNER, 100, null, { search: 'XIAO 1' });
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((row) => row.friendNickname.toLowerCase().startsWith('xiao 1'))).toBe(true);
      for (const after of [null, positionOf(found[0]!)]) {
        const plan = await contactPagePlan(51, after, { search: 'xiao 1' });
        const nodes = summarize(plan);
        expect(nodes.map((n) => n.node)).toEqual(['Limit', 'Sort', 'Bitmap Heap Scan', 'BitmapOr', ...contactSearchIndexes.map(() => 'Bitmap Index Scan')]);
        const ranges = plan.Plans![0]!.Plans![0]!.Plans![0]!.Plans!;
        expect(ranges.map((scan) => scan['Index Name']).sort()).toEqual(contactSearchIndexes);
        // Each scan reads one owner's prefix range: no other owner's entries, no whole index.
        for (const scan of ranges) {
          expect(scan['Index Cond']).toContain(`user_id = ${OWNER}`);
          expect(scan['Index Cond']).toMatch(/>= 'xiao1'.*< 'xiao2'/);
        }
      }
    });

    it('sections: an index-only scan of the list index, letters A–Z then #, summing to the list', async () => {
      const statements: Prisma.Sql[] = [];
      await new ContactViewRepository(capturing(statements)).sections(OWNER);
      const nodes = summarize(await explain(statements[0]!));
      expect(nodes.filter((n) => n.node.includes('Scan'))).toEqual([
        { node: 'Index Only Scan', relation: CONTACTS, index: contactListIndex, direction: 'Forward' },
      ]);
      const sections = await repository.sections(OWNER);
      expect(sections.map((s) => s.letter)).toEqual(['A', 'B', 'C', 'D', 'E', 'M', 'R', 'X', 'Z']);
      expect(sections.reduce((sum, s) => sum + s.count, 0)).toBe(2940);
    });
  });
});
