import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Prisma, type PrismaClient } from '../../src/database/generated/prisma/client.js';
import { changeFeedStatement, type FeedView } from '../../src/read/change-feed/change-feed.js';
import { CONTACT_FEED } from '../../src/read/contact-changes/contact-changes.repository.js';
import { CONVERSATION_FEED } from '../../src/read/conversation-changes/conversation-changes.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A change-feed page is one statement: the owner's clock and floor rows (primary keys) and one forward range
 * scan of the view's changes index, starting at the client's position, on the owner's shard only.
 * Held with EXPLAIN on a shard where the owner has 3,000 rows of each view among 50 other owners
 * and 19,000 other users.
 */

const SHARD = 9;
const OWNER = 9n + 256n * 10n;
const OTHERS = Array.from({ length: 50 }, (_, i) => 9n + 256n * BigInt(100 + i)).join(', ');

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Scan Direction'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** The statement with its $n placeholders replaced by the literal values (all numbers here). */
function inline(statement: Prisma.Sql): string {
  return statement.text.replace(/\$(\d+)/g, (_, n: string) => String(statement.values[Number(n) - 1]));
}

async function fillShard(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(`
    INSERT INTO user_conversation_view_${SHARD} (user_id, channel_id, channel_type, is_hidden, closed_at, last_message_time, version)
    SELECT o, 100000 + g, 'DIRECT', g % 89 = 0, CASE WHEN g % 97 = 0 THEN 1 ELSE 0 END, g, g
    FROM unnest(ARRAY[${OWNER}]::bigint[]) AS o, generate_series(1, 3000) AS g
    UNION ALL
    SELECT o, 200000 + g, 'DIRECT', FALSE, 0, g, g FROM unnest(ARRAY[${OTHERS}]::bigint[]) AS o, generate_series(1, 100) AS g`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO user_contact_view_${SHARD} (user_id, friend_id, friend_username, friend_nickname, channel_id, created_at, deleted_at, version)
    SELECT o, 10000 + g, 'u' || g, 'U ' || g, g, g, CASE WHEN g % 50 = 0 THEN 1 ELSE 0 END, 3000 + g
    FROM unnest(ARRAY[${OWNER}]::bigint[]) AS o, generate_series(1, 3000) AS g
    UNION ALL
    SELECT o, 20000 + g, 'o' || g, 'O ' || g, g, g, 0, g FROM unnest(ARRAY[${OTHERS}]::bigint[]) AS o, generate_series(1, 100) AS g`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO user_view_state_${SHARD} (user_id, version) SELECT o, 6000 FROM unnest(ARRAY[${OWNER}, ${OTHERS}]::bigint[]) AS o`);
  // The shard's other users, who have no rows yet (a shard's clock table holds every user of it).
  await prisma.$executeRawUnsafe(`
    INSERT INTO user_view_state_${SHARD} (user_id, version) SELECT ${SHARD} + 256 * g, 0 FROM generate_series(1000, 20000) AS g`);
  // Owners whose rows a rebuild rewrote have a sync floor.
  await prisma.$executeRawUnsafe(`
    INSERT INTO user_sync_floor (user_id, sync_floor) SELECT ${SHARD} + 256 * g, 0 FROM generate_series(1000, 20000) AS g`);
  await prisma.$executeRawUnsafe(`ANALYZE user_conversation_view_${SHARD}, user_contact_view_${SHARD}, user_view_state_${SHARD}, user_sync_floor`);
}

describe('a change-feed page reads one index range of one shard partition, in version order', () => {
  let testDatabase: TestDatabase;
  let prisma: PrismaClient;

  async function plan(view: FeedView, after: { version: bigint; key: bigint | null }): Promise<PlanNode[]> {
    const [row] = await prisma.$queryRawUnsafe<Array<{ 'QUERY PLAN': unknown }>>(
      `EXPLAIN (FORMAT JSON) ${inline(changeFeedStatement(view, OWNER, after, 101))}`,
    );
    const json = row!['QUERY PLAN'];
    const [top] = (typeof json === 'string' ? JSON.parse(json) : json) as Array<{ Plan: PlanNode }>;
    return nodes(top!.Plan);
  }

  function expectOneRangeScan(found: PlanNode[], table: string, cond: RegExp): void {
    const types = found.map((node) => node['Node Type']);
    expect(types).not.toContain('Sort');
    expect(types).not.toContain('Seq Scan');
    expect(types).not.toContain('Append');
    const scans = found.filter((node) => node['Node Type'].includes('Scan'));
    expect(scans.map((scan) => scan['Relation Name'])).toEqual([`user_view_state_${SHARD}`, 'user_sync_floor', table]);
    const range = scans[2]!;
    expect(range['Node Type']).toMatch(/^Index (Only )?Scan$/);
    expect(range['Index Name']).toMatch(/changes_idx|version/);
    expect(range['Scan Direction']).toBe('Forward');
    expect(range['Index Cond']).toMatch(cond);
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    prisma = testDatabase.database.prisma;
    await fillShard(prisma);
  });
  afterAll(() => testDatabase.drop());

  it('conversations from a version: the version starts the index range', async () => {
    expectOneRangeScan(await plan(CONVERSATION_FEED, { version: 1500n, key: null }), `user_conversation_view_${SHARD}`, /user_id = \d+\) AND \(version > 1500/);
  });

  it('conversations from inside a version: (version, channel) starts the range', async () => {
    expectOneRangeScan(await plan(CONVERSATION_FEED, { version: 1500n, key: 101500n }), `user_conversation_view_${SHARD}`, /ROW\(version, channel_id\) > ROW\(1500/);
  });

  it('contacts from a version', async () => {
    expectOneRangeScan(await plan(CONTACT_FEED, { version: 4000n, key: null }), `user_contact_view_${SHARD}`, /user_id = \d+\) AND \(version > 4000/);
  });

  it('from the start (a first sync)', async () => {
    expectOneRangeScan(await plan(CONVERSATION_FEED, { version: 0n, key: null }), `user_conversation_view_${SHARD}`, /version > 0/);
  });
});
