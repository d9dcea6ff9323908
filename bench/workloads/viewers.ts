import type pg from 'pg';
import { ViewerTokens } from '../../src/identity/viewer-tokens.js';
import { encodeCursor } from '../../src/read/page.js';
import { SeededRandom } from '../../src/ops/seed/seeded-random.js';
import type { ConversationPosition } from '../systems/read-model-sql.js';

/** A signed-in user the workloads act as, with what page 2 of their list needs. */
export interface Viewer {
  readonly id: number;
  readonly token: string;
  /** Position of the 20th visible conversation, when there is a page 2. */
  readonly page2After: ConversationPosition | null;
  /** Visible conversations (only counted for the busiest users). */
  readonly conversations?: number;
}

/** Random users (deterministic per seed) with tokens signed by the gateway's own token code. */
export async function pickViewers(db: pg.Client, jwtSecret: string, count: number, seed: number): Promise<Viewer[]> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM "user"');
  const users = Number(rows[0].n);
  const random = new SeededRandom(seed ^ 0x7007);
  const ids = [...new Set(Array.from({ length: count }, () => random.int(1, users)))];
  const tokens = new ViewerTokens({ jwtSecret });
  const positions = await page2Positions(db, ids);
  return Promise.all(ids.map(async (id) => ({ id, token: await tokens.issue(BigInt(id)), page2After: positions.get(id) ?? null })));
}

/** The users with the most visible conversations (the seed's busiest user first: 5,000+ at N ≥ 12,500, then its other hubs: ~2,300). */
export async function pickBusiestViewers(db: pg.Client, jwtSecret: string, count: number): Promise<Viewer[]> {
  const { rows } = await db.query<{ user_id: string; n: string }>(
    `SELECT user_id, count(*) AS n FROM channel_member WHERE left_at = 0 AND NOT is_hidden GROUP BY user_id ORDER BY 2 DESC, 1 LIMIT $1`, [count]);
  const tokens = new ViewerTokens({ jwtSecret });
  return Promise.all(rows.map(async (r) => ({
    id: Number(r.user_id), token: await tokens.issue(BigInt(r.user_id)), page2After: null, conversations: Number(r.n),
  })));
}

async function page2Positions(db: pg.Client, ids: number[]): Promise<Map<number, ConversationPosition>> {
  const { rows } = await db.query<{ user_id: string; is_pinned: boolean; pinned_at: string; activity: string; channel_id: string }>(
    `SELECT v.user_id, v.is_pinned, v.pinned_at, v.activity, v.channel_id
     FROM unnest($1::bigint[]) AS u(id)
     CROSS JOIN LATERAL (
       SELECT user_id, is_pinned, pinned_at, GREATEST(last_message_time, draft_time) AS activity, channel_id
       FROM user_conversation_view
       WHERE user_id = u.id AND closed_at = 0 AND is_hidden = FALSE AND is_archived = FALSE
       ORDER BY is_pinned DESC, pinned_at DESC, activity DESC, channel_id DESC OFFSET 19 LIMIT 1) AS v
     WHERE EXISTS (SELECT 1 FROM user_conversation_view w
                   WHERE w.user_id = u.id AND w.closed_at = 0 AND w.is_hidden = FALSE AND w.is_archived = FALSE
                     AND (w.is_pinned, w.pinned_at, GREATEST(w.last_message_time, w.draft_time), w.channel_id)
                       < (v.is_pinned, v.pinned_at, v.activity, v.channel_id))`,
    [ids],
  );
  return new Map(rows.map((r) => [Number(r.user_id), {
    isPinned: r.is_pinned, pinnedAt: String(r.pinned_at), activityTime: String(r.activity), channelId: String(r.channel_id),
  }]));
}

/** The gateway's opaque cursor for a position (src/read/conversations/conversation-cursor.ts). */
export function gatewayCursor(position: ConversationPosition): string {
  return encodeCursor([position.isPinned, position.pinnedAt, position.activityTime, position.channelId]);
}
