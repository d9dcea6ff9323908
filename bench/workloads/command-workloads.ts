import type pg from 'pg';
import { ViewerTokens } from '../../src/identity/viewer-tokens.js';
import type { RequestMaker } from '../load/http-load.js';
import { SeededRandom } from '../../src/ops/seed/seeded-random.js';

/**
 * The command workloads, through the gateway's GraphQL mutations. Each request names different
 * data where the command cannot repeat (a friend request is accepted once; a nickname must change).
 */
export interface CommandWorkload {
  readonly name: string;
  readonly description: string;
  readonly makeRequest: RequestMaker;
  /** Concurrent callers: the nickname fan-outs overlap on purpose (deadlock check). */
  readonly connections: number;
  readonly rate: number;
  /** Its views change after the commit, by the deferred fan-out of this name: the runs also measure when. */
  readonly fansOutAfterCommit?: 'group_message' | 'profile';
}

export async function commandWorkloads(db: pg.Client, jwtSecret: string, seed: number): Promise<CommandWorkload[]> {
  const tokens = new ViewerTokens({ jwtSecret });
  const random = new SeededRandom(seed ^ 0x9009);
  const tokenCache = new Map<string, string>();
  const tokenOf = async (userId: string) => {
    if (!tokenCache.has(userId)) tokenCache.set(userId, await tokens.issue(BigInt(userId)));
    return tokenCache.get(userId)!;
  };
  const mutation = (token: string, query: string, variables: object) => ({
    method: 'POST' as const,
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });

  const pending = (await db.query<{ id: string; to_user_id: string }>(
    `SELECT id, to_user_id FROM friend_request WHERE status = 'PENDING' ORDER BY id`)).rows;
  for (const request of pending) await tokenOf(request.to_user_id);
  let nextRequest = 0;

  // One direct chat per sender: the first chats by id are mostly the hub's (user 1's, 1,000 of
  // 2,000 at N = 100,000), whose sends then ran into the per-user mutation rate limit.
  const directs = (await db.query<{ channel_id: string; user_id: string }>(
    `SELECT DISTINCT ON (cm.user_id) cm.channel_id, cm.user_id FROM channel c JOIN channel_member cm ON cm.channel_id = c.id
     JOIN friendship f ON f.channel_id = c.id AND f.user_id = cm.user_id AND f.deleted_at = 0
     WHERE c.type = 'DIRECT' AND c.last_message_id > 0 AND cm.user_id <= 4000 ORDER BY cm.user_id, c.id`)).rows;
  for (const d of directs) await tokenOf(d.user_id);

  const bigGroup = (await db.query<{ channel_id: string; user_id: string }>(
    `SELECT cm.channel_id, cm.user_id FROM channel_member cm
     WHERE cm.channel_id = (SELECT id FROM channel WHERE type = 'GROUP' AND member_count = 500 ORDER BY id LIMIT 1) LIMIT 200`)).rows;
  for (const m of bigGroup) await tokenOf(m.user_id);

  // The two users shown in the most views (the seed's hubs): their nickname changes fan out.
  const famous = (await db.query<{ peer_user_id: string; views: string }>(
    `SELECT peer_user_id, count(*) AS views FROM conversation_reverse_index GROUP BY peer_user_id ORDER BY 2 DESC LIMIT 2`)).rows;
  for (const f of famous) await tokenOf(f.peer_user_id);
  let nicknameChange = 0;

  const send = (channelId: string, userId: string) =>
    mutation(tokenCache.get(userId)!, 'mutation($c: ID!, $b: String!) { sendMessage(input: { conversationId: $c, body: $b }) { id } }', {
      c: channelId,
      b: `bench message ${random.int(1, 1e9)}`,
    });

  return [
    {
      name: 'accept-friend-request',
      description: `accept a pending friend request (the add-a-friend dual write); ${pending.length} seeded`,
      connections: 10,
      rate: 20,
      makeRequest: () => {
        const request = pending[nextRequest++ % pending.length];
        return mutation(tokenCache.get(request.to_user_id)!, 'mutation($r: ID!) { acceptFriendRequest(input: { requestId: $r }) { conversation { id } } }', { r: request.id });
      },
    },
    {
      name: 'message-direct',
      description: 'send a message into a direct chat',
      connections: 10,
      rate: 50,
      makeRequest: () => { const d = random.pick(directs); return send(d.channel_id, d.user_id); },
    },
    {
      name: 'message-group-500',
      description: 'send a message into a 500-member group (its 500 view rows updated by the deferred fan-out after the commit)',
      connections: 10,
      rate: 20,
      fansOutAfterCommit: 'group_message',
      makeRequest: () => { const m = random.pick(bigGroup); return send(m.channel_id, m.user_id); },
    },
    {
      name: 'nickname-fan-out',
      description: `nickname change of a user shown in ${famous.map((f) => f.views).join(' / ')} conversation views (+ as many contact views), written by the deferred fan-out after the commit; two overlapping`,
      connections: 2,
      rate: 4,
      fansOutAfterCommit: 'profile',
      makeRequest: () => {
        const user = famous[nicknameChange++ % famous.length];
        return mutation(tokenCache.get(user.peer_user_id)!, 'mutation($n: String!) { updateProfile(input: { nickname: $n }) { id } }', { n: `Hub ${nicknameChange}` });
      },
    },
  ];
}
