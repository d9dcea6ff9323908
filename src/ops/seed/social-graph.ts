import { SeededRandom } from './seeded-random.js';

/**
 * Who knows whom and who talks where, decided up front in compact arrays so that every table
 * streamed from it (in any order, on any connection) agrees. Skewed like a real IM user base:
 * most users have 20–200 contacts (mean ~100) and 10–100 visible conversations; a few hubs have
 * ~5,000 contacts and 2,000+ conversations, and the first hub (a support or sales account) has
 * talked with every contact: 5,000+ conversations at N ≥ 12,500; groups have 3–500 members.
 */
export interface SocialGraph {
  readonly users: number;
  /** Users with ~5,000 contacts: the nickname fan-out workload changes one of these. */
  readonly hubs: readonly number[];
  /** hubs[0], whose every direct chat has messages: the user with the most conversations (issue 6's badge totals). */
  readonly busiest: number;
  /** Friend pairs (low < high); pair i owns direct channel id i + 1. */
  readonly pairLow: Int32Array;
  readonly pairHigh: Int32Array;
  /** Group g is channel id pairCount + 1 + g; its members are members[memberStart[g] .. memberStart[g + 1]). */
  readonly groupMembers: Int32Array;
  readonly groupMemberStart: Int32Array;
  /** Per channel (index = channel id - 1): creation time, messages, the last one's sender. */
  readonly channelCreatedAt: Float64Array;
  readonly channelMessageCount: Uint8Array;
  readonly channelFirstMessageId: Float64Array;
  readonly messageSender: Int32Array;
  readonly messageTime: Float64Array;
  /** Pending requests (from, to) between users who are not friends yet: the accept workload. */
  readonly pendingRequests: ReadonlyArray<readonly [number, number]>;
}

export const EPOCH_START = 1_750_000_000_000; // 2025-06-15, so seeded times are fixed per seed
const DAY = 86_400_000;

export function pairCount(graph: SocialGraph): number {
  return graph.pairLow.length;
}

export function groupCount(graph: SocialGraph): number {
  return graph.groupMemberStart.length - 1;
}

export function buildSocialGraph(users: number, seed: number): SocialGraph {
  const random = new SeededRandom(seed);
  const hubCount = Math.max(2, Math.round(users / 20_000));
  const hubs = Array.from({ length: hubCount }, (_, k) => 1 + k * Math.floor(users / hubCount));
  const { low, high, known } = friendPairs(users, hubs, random);
  const groups = groupMemberships(users, random);
  const channels = low.length + groups.start.length - 1;
  const hubSet = new Set(hubs);
  const busiest = hubs[0];

  const createdAt = new Float64Array(channels);
  const messageCount = new Uint8Array(channels);
  const firstMessageId = new Float64Array(channels);
  const senders: number[] = [];
  const times: number[] = [];
  for (let c = 0; c < channels; c++) {
    const isDirect = c < low.length;
    createdAt[c] = EPOCH_START + Math.floor(random.next() * 30 * DAY);
    const activeChance = !isDirect ? 0.9 : low[c] === busiest || high[c] === busiest ? 1 : hubSet.has(low[c]) || hubSet.has(high[c]) ? 0.45 : 0.3;
    const count = random.chance(activeChance) ? (isDirect ? random.int(1, 2) : random.int(1, 4)) : 0;
    messageCount[c] = count;
    firstMessageId[c] = senders.length + 1;
    let time = createdAt[c];
    for (let m = 0; m < count; m++) {
      time += random.int(1_000, 3 * DAY);
      times.push(time);
      if (isDirect) senders.push(random.chance(0.5) ? low[c] : high[c]);
      else {
        const g = c - low.length;
        senders.push(groups.members[random.int(groups.start[g], groups.start[g + 1] - 1)]);
      }
    }
  }
  return {
    users,
    hubs,
    busiest,
    pairLow: Int32Array.from(low),
    pairHigh: Int32Array.from(high),
    groupMembers: Int32Array.from(groups.members),
    groupMemberStart: Int32Array.from(groups.start),
    channelCreatedAt: createdAt,
    channelMessageCount: messageCount,
    channelFirstMessageId: firstMessageId,
    messageSender: Int32Array.from(senders),
    messageTime: Float64Array.from(times),
    pendingRequests: pendingRequests(users, known, random),
  };
}

/** Each user asks ~half their target; the other half arrives from others' picks. */
function friendPairs(users: number, hubs: readonly number[], random: SeededRandom) {
  const known = new Set<number>();
  const low: number[] = [];
  const high: number[] = [];
  const hubSet = new Set(hubs);
  const hubTarget = Math.min(5_000, Math.floor(users * 0.4));
  for (let user = 1; user <= users; user++) {
    const target = hubSet.has(user) ? hubTarget : Math.min(1_000, Math.round(random.logNormal(70, 0.85) / 2));
    let made = 0;
    for (let attempt = 0; made < target && attempt < target * 3; attempt++) {
      const other = random.int(1, users);
      if (other === user) continue;
      const key = pairKey(user, other, users);
      if (known.has(key)) continue;
      known.add(key);
      low.push(Math.min(user, other));
      high.push(Math.max(user, other));
      made++;
    }
  }
  return { low, high, known };
}

function pairKey(a: number, b: number, users: number): number {
  return Math.min(a, b) * (users + 1) + Math.max(a, b);
}

/** One group per five users; sizes 3–10 (70 %), 11–100 (25 %), 101–500 (5 %); group 0 has 500. */
function groupMemberships(users: number, random: SeededRandom) {
  const groups = Math.max(1, Math.round(users / 5));
  const members: number[] = [];
  const start: number[] = [0];
  for (let g = 0; g < groups; g++) {
    const roll = random.next();
    const wanted = g === 0 ? 500 : roll < 0.7 ? random.int(3, 10) : roll < 0.95 ? random.int(11, 100) : random.int(101, 500);
    const size = Math.min(wanted, users);
    const chosen = new Set<number>();
    while (chosen.size < size) chosen.add(random.int(1, users));
    members.push(...chosen);
    start.push(members.length);
  }
  return { members, start };
}

function pendingRequests(users: number, known: Set<number>, random: SeededRandom): Array<[number, number]> {
  const wanted = Math.min(5_000, users);
  const requests: Array<[number, number]> = [];
  while (requests.length < wanted) {
    const from = random.int(1, users);
    const to = random.int(1, users);
    const key = pairKey(from, to, users);
    if (from === to || known.has(key)) continue;
    known.add(key);
    requests.push([from, to]);
  }
  return requests;
}
