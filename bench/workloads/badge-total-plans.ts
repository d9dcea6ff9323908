import type pg from 'pg';
import { badgeTotalStatements } from '../systems/read-model-sql.js';

/** How PostgreSQL answered one badge total for one user: the proof that it reads only that user's totals rows. */
export interface BadgeTotalPlan {
  readonly total: 'totalCount' | 'unreadTotal';
  readonly when: 'before the runs' | 'after the runs';
  readonly userId: number;
  /** Rows of that user's list (visible, not archived): what a scan of every row would read. */
  readonly listRows: number;
  readonly scan: string;
  readonly index: string | null;
  readonly rowsRead: number;
  readonly heapFetches: number | null;
  readonly sharedBuffers: number;
  readonly executionMs: number;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Heap Fetches'?: number;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}

/** EXPLAIN (ANALYZE, BUFFERS) of both badge statements for a user, as the gateway sends them. */
export async function badgeTotalPlans(db: pg.Client, userId: number, when: BadgeTotalPlan['when']): Promise<BadgeTotalPlan[]> {
  const statements = badgeTotalStatements(userId);
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM user_conversation_view_${userId % 256} WHERE user_id = $1 AND closed_at = 0 AND NOT is_hidden AND NOT is_archived`, [userId]);
  const plans: BadgeTotalPlan[] = [];
  for (const total of ['totalCount', 'unreadTotal'] as const) {
    const statement = statements[total];
    const explained = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`, statement.values);
    const [{ Plan: root, 'Execution Time': executionMs }] = explained.rows[0]['QUERY PLAN'];
    const scan = root.Plans?.[0] ?? root;
    plans.push({
      total, when, userId, listRows: Number(rows[0].n), scan: scan['Node Type'], index: scan['Index Name'] ?? scan.Plans?.[0]?.['Index Name'] ?? null,
      rowsRead: scan['Actual Rows'], heapFetches: scan['Heap Fetches'] ?? null,
      sharedBuffers: scan['Shared Hit Blocks'] + scan['Shared Read Blocks'], executionMs,
    });
  }
  return plans;
}
