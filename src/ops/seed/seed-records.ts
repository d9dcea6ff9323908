import { nameKeys } from '../../write/name-keys.js';
import { SeededRandom } from './seeded-random.js';
import { EPOCH_START, groupCount, pairCount, type SocialGraph } from './social-graph.js';

/**
 * The random facts of the data set, each drawn from its own stream (seeded from the data-set
 * seed) in one fixed order. The write-side tables and the views are both written from these
 * records, so a view row shows exactly what its write-side rows say.
 */

const SYLLABLES = ['ka', 'ri', 'mo', 'na', 'le', 'su', 'to', 'vi', 'an', 'el', 'zu', 'pa', 'do', 'mi', 'ro', 'sa'];
const WORDS = ['ok', 'see you', 'lunch?', 'on my way', 'haha', 'sounds good', 'call me', 'sent the file', 'thanks!', 'tomorrow 9am', 'where are you', 'nice'];

/** Seeded profiles were never changed: every user's profile version is the first. */
export const SEEDED_INFO_VER = 1;

export interface UserRecord {
  readonly id: number;
  readonly nickname: string;
  readonly nicknameKey: string;
  readonly nicknameInitials: string;
}

export function* userRecords(graph: SocialGraph, seed: number): Generator<UserRecord> {
  const random = new SeededRandom(seed ^ 0x1001);
  for (let id = 1; id <= graph.users; id++) {
    const syllables = Array.from({ length: random.int(2, 3) }, () => random.pick(SYLLABLES)).join('');
    const nickname = `${syllables[0]!.toUpperCase()}${syllables.slice(1)} ${id % 97}`;
    const keys = nameKeys(nickname);
    yield { id, nickname, nicknameKey: keys.key, nicknameInitials: keys.initials };
  }
}

export function avatarUrl(userId: number): string {
  return `https://cdn.hermet.example/a/${userId}.png`;
}

export function userCreatedAt(userId: number): number {
  return EPOCH_START - 90 * 86_400_000 + userId;
}

/** One membership; `c` is the channel index (channel id - 1). */
export interface MemberRecord {
  readonly c: number;
  readonly user: number;
  readonly role: 'OWNER' | 'ADMIN' | 'MEMBER';
  readonly lastRead: number;
  readonly pinned: boolean;
  readonly muted: boolean;
  readonly hidden: boolean;
}

/** Every membership: both sides of each direct channel, then each group's members in order. */
export function* memberRecords(graph: SocialGraph, seed: number): Generator<MemberRecord> {
  const random = new SeededRandom(seed ^ 0x2002);
  const pairs = pairCount(graph);
  const member = (c: number, user: number, role: MemberRecord['role']): MemberRecord => {
    const count = graph.channelMessageCount[c];
    const lastRead = count > 0 && random.chance(0.6) ? graph.channelFirstMessageId[c] + count - 1 : 0;
    const pinned = random.chance(0.02);
    const muted = random.chance(0.05);
    // A direct chat nobody wrote in yet is hidden: friends, not (yet) a conversation.
    return { c, user, role, lastRead, pinned, muted, hidden: c < pairs && count === 0 };
  };
  for (let c = 0; c < pairs; c++) {
    yield member(c, graph.pairLow[c], 'MEMBER');
    yield member(c, graph.pairHigh[c], 'MEMBER');
  }
  for (let g = 0; g < groupCount(graph); g++) {
    for (let m = graph.groupMemberStart[g]; m < graph.groupMemberStart[g + 1]; m++) {
      const role = m === graph.groupMemberStart[g] ? 'OWNER' : random.chance(0.05) ? 'ADMIN' : 'MEMBER';
      yield member(pairs + g, graph.groupMembers[m], role);
    }
  }
}

/** Both directions of one friend pair (pair index = direct channel index). */
export interface FriendPairRecord {
  readonly c: number;
  readonly low: number;
  readonly high: number;
  /** The remark each side gave the other ('' for none), with its sort keys as setContactRemark stores them. */
  readonly lowRemark: Remark;
  readonly highRemark: Remark;
  readonly createdAt: number;
  readonly deletedAt: number;
}

export function* friendPairRecords(graph: SocialGraph, seed: number): Generator<FriendPairRecord> {
  const random = new SeededRandom(seed ^ 0x3003);
  for (let c = 0; c < pairCount(graph); c++) {
    const [low, high] = [graph.pairLow[c], graph.pairHigh[c]];
    const createdAt = graph.channelCreatedAt[c];
    // 1 % of friendships were removed later: tombstones on both sides, the chat stays.
    const deletedAt = random.chance(0.01) ? createdAt + 86_400_000 : 0;
    const remark = (friend: number): Remark => (random.chance(0.1) ? remarkOf(`Pal ${friend}`) : NO_REMARK);
    const lowRemark = remark(high);
    yield { c, low, high, lowRemark, highRemark: remark(low), createdAt, deletedAt };
  }
}

export interface Remark {
  readonly text: string;
  readonly key: string;
  readonly initials: string;
}

const NO_REMARK: Remark = { text: '', key: '', initials: '' };

/** Remarks repeat ("Pal <friend>"), and pinyin keys are the slowest part of a row: computed once per text. */
const remarks = new Map<string, Remark>();

function remarkOf(text: string): Remark {
  let remark = remarks.get(text);
  if (!remark) {
    const keys = nameKeys(text);
    remarks.set(text, (remark = { text, key: keys.key, initials: keys.initials }));
  }
  return remark;
}

export interface LastMessage {
  readonly id: number;
  readonly time: number;
  readonly body: string;
  readonly sender: number;
}

export function lastMessageOf(graph: SocialGraph, c: number): LastMessage {
  const count = graph.channelMessageCount[c];
  if (count === 0) return { id: 0, time: graph.channelCreatedAt[c], body: '', sender: 0 };
  const id = graph.channelFirstMessageId[c] + count - 1;
  return { id, time: graph.messageTime[id - 1], body: messageBody(id), sender: graph.messageSender[id - 1] };
}

/** Already one line of at most 80 characters, so it is its own preview (message_preview(body) = body). */
export function messageBody(id: number): string {
  return `${WORDS[id % WORDS.length]} #${id}`;
}

export function groupName(g: number): string {
  return `Group ${g + 1}`;
}

export function groupAvatarUrl(g: number): string {
  return `https://cdn.hermet.example/g/${g + 1}.png`;
}
