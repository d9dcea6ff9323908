import type pg from 'pg';
import type { RequestMaker } from '../load/http-load.js';
import { SeededRandom } from '../../src/ops/seed/seeded-random.js';
import { badgeTotals, contactPage, conversationPage, groupMembersWithProfiles } from '../systems/read-model-sql.js';
import { gatewayCursor, type Viewer } from './viewers.js';

/**
 * The read workloads, each as every system serves it. A system is reached over HTTP (a request
 * maker) or, for the pg floor, by a call inside this process.
 */
export type SystemName = 'floor-pg' | 'floor-http' | 'gateway' | 'gateway-rest-read-model' | 'gateway-rest-join' | 'peer';

export interface SystemCall {
  readonly system: SystemName;
  readonly http?: { readonly baseUrl: string; readonly makeRequest: RequestMaker };
  readonly inProcess?: () => Promise<unknown>;
}

export interface ReadWorkload {
  readonly name: string;
  readonly description: string;
  readonly systems: readonly SystemCall[];
}

export interface Endpoints {
  readonly gateway: string;
  readonly floor: string;
  readonly peer: string;
}

const CONVERSATION_PAGE = `query Page($after: String) { conversations(first: 20, after: $after) {
  edges { cursor node { id kind title avatarUrl unreadCount isPinned isMuted lastMessage { id preview sentAt } } }
  pageInfo { hasNextPage endCursor } } }`;
const CONTACT_PAGE = `{ contacts(first: 50) { edges { cursor node { id username nickname avatarUrl remark displayName conversationId } }
  pageInfo { hasNextPage endCursor } } }`;
const GROUP_PAGE = `{ conversations(first: 20) { edges { node { id kind title memberCount
  members(first: 10) { id username nickname avatarUrl } } } } }`;
const BADGE_TOTALS = `{ conversations(first: 1) { totalCount unreadTotal } }`;
const PEER_CONVERSATIONS = `{ allConversations(first: 20, orderBy: [IS_PINNED_DESC, LAST_MESSAGE_TIME_DESC, CHANNEL_ID_DESC]) {
  nodes { channelId channelType peerNickname peerAvatarUrl groupName groupAvatarUrl remark unreadCount isPinned isMuted
          lastMessageId lastMessagePreview lastMessageTime } pageInfo { hasNextPage endCursor } } }`;
const PEER_CONTACTS = `{ allContacts(first: 50, orderBy: [SORT_NAME_ASC, FRIEND_ID_ASC]) {
  nodes { friendId friendUsername friendNickname friendAvatarUrl remark channelId } pageInfo { hasNextPage endCursor } } }`;

/** `busiest`: the user(s) with the most conversations (the seed's busiest hub), for the badge totals. */
export function readWorkloads(viewers: readonly Viewer[], busiest: readonly Viewer[], pool: pg.Pool, endpoints: Endpoints, seed: number): ReadWorkload[] {
  const random = new SeededRandom(seed ^ 0x8008);
  const aHub = () => random.pick(busiest);
  const anyone = () => random.pick(viewers);
  const withPage2 = viewers.filter((v) => v.page2After);
  const withPage2Pick = () => random.pick(withPage2);
  const graphql = (query: string, variables: object, viewer: Viewer) => ({
    method: 'POST' as const,
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const get = (path: string, viewer?: Viewer) => ({
    method: 'GET' as const,
    path,
    headers: viewer ? { authorization: `Bearer ${viewer.token}` } : ({} as Record<string, string>),
  });
  const http = (baseUrl: string, makeRequest: RequestMaker) => ({ baseUrl, makeRequest });

  return [
    {
      name: 'conversations-page-1',
      description: 'conversation list, first page of 20, random users',
      systems: [
        { system: 'floor-pg', inProcess: () => conversationPage(pool, anyone().id, 20, null) },
        { system: 'floor-http', http: http(endpoints.floor, () => get(`/conversations?user=${anyone().id}&first=20`)) },
        { system: 'gateway', http: http(endpoints.gateway, () => graphql(CONVERSATION_PAGE, {}, anyone())) },
        { system: 'gateway-rest-read-model', http: http(endpoints.gateway, () => get('/bench/read-model/conversations?first=20', anyone())) },
        { system: 'gateway-rest-join', http: http(endpoints.gateway, () => get('/bench/join/conversations?first=20', anyone())) },
        { system: 'peer', http: http(endpoints.peer, () => graphql(PEER_CONVERSATIONS, {}, anyone())) },
      ],
    },
    {
      name: 'conversations-page-2',
      description: `conversation list, page 2 via the cursor (users with more than 20 visible: ${withPage2.length} of ${viewers.length})`,
      systems: [
        { system: 'floor-pg', inProcess: () => { const v = withPage2Pick(); return conversationPage(pool, v.id, 20, v.page2After); } },
        { system: 'floor-http', http: http(endpoints.floor, () => {
          const v = withPage2Pick();
          const a = v.page2After!;
          return get(`/conversations?user=${v.id}&first=20&after=${a.isPinned},${a.pinnedAt},${a.activityTime},${a.channelId}`);
        }) },
        { system: 'gateway', http: http(endpoints.gateway, () => { const v = withPage2Pick(); return graphql(CONVERSATION_PAGE, { after: gatewayCursor(v.page2After!) }, v); }) },
      ],
    },
    {
      name: 'contacts-page-1',
      description: 'contact list, first page of 50, random users',
      systems: [
        { system: 'floor-pg', inProcess: () => contactPage(pool, anyone().id, 50) },
        { system: 'floor-http', http: http(endpoints.floor, () => get(`/contacts?user=${anyone().id}&first=50`)) },
        { system: 'gateway', http: http(endpoints.gateway, () => graphql(CONTACT_PAGE, {}, anyone())) },
        { system: 'gateway-rest-read-model', http: http(endpoints.gateway, () => get('/bench/read-model/contacts?first=50', anyone())) },
        { system: 'gateway-rest-join', http: http(endpoints.gateway, () => get('/bench/join/contacts?first=50', anyone())) },
        { system: 'peer', http: http(endpoints.peer, () => graphql(PEER_CONTACTS, {}, anyone())) },
      ],
    },
    {
      name: 'groups-with-members',
      description: 'first page of 20 conversations with the first 10 member profiles of every group on it (the DataLoader path)',
      systems: [
        { system: 'floor-pg', inProcess: async () => {
          const page = await conversationPage(pool, anyone().id, 20, null);
          const groups = page.rows.slice(0, 20).filter((r) => r.channel_type === 'GROUP').map((r) => String(r.channel_id));
          return groups.length ? groupMembersWithProfiles(pool, groups, 10) : page;
        } },
        { system: 'floor-http', http: http(endpoints.floor, () => get(`/conversations?user=${anyone().id}&first=20&members=10`)) },
        { system: 'gateway', http: http(endpoints.gateway, () => graphql(GROUP_PAGE, {}, anyone())) },
      ],
    },
    {
      name: 'badge-totals-busiest',
      description: `totalCount and unreadTotal of the conversation list of the user with the most conversations (${busiest.map((v) => `user ${v.id}: ${v.conversations}`).join(', ')})`,
      systems: [
        { system: 'floor-pg', inProcess: () => badgeTotals(pool, aHub().id) },
        { system: 'gateway', http: http(endpoints.gateway, () => graphql(BADGE_TOTALS, {}, aHub())) },
      ],
    },
  ];
}
