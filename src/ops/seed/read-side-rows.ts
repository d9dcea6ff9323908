import { assertShard, LOGICAL_SHARD_COUNT as VIEW_SHARDS, shardTables } from '../../sharding/shard-router.js';
import { SEEDED_INFO_VER, avatarUrl, friendPairRecords, groupAvatarUrl, groupName, lastMessageOf, memberRecords, userRecords, type Remark } from './seed-records.js';
import { pairCount, type SocialGraph } from './social-graph.js';
import { flag, remarkColumns, type CopyTable } from './write-side-rows.js';

/**
 * The views, COPYed like the write side from the same records (seed-records.ts) instead of being
 * computed by SQL after the load: a view row here is what src/projections/view-recomputation.ts
 * derives from the seeded write side (the seed verifies that on a sample, `hermet
 * check-consistency` on all of it). Seeded channels are open, nobody left, nothing is archived,
 * drafted or mentioned, so those columns keep their defaults. Every row is version 1.
 *
 * Rows are grouped by shard and COPYed straight into each shard's partition: COPY into the
 * partitioned parent routes row by row, and rows in channel order hit a different partition
 * almost every time, which made the load ten times slower than into a plain table.
 */
export function readSideTables(graph: SocialGraph, seed: number): CopyTable[] {
  const facts = viewFacts(graph, seed);
  const tables: CopyTable[] = [];
  for (let shard = 0; shard < VIEW_SHARDS; shard++) tables.push(conversationViewShard(facts, shard), contactViewShard(facts, shard));
  return tables;
}

/** The records the views show, kept in compact arrays (the generators run once), and bucketed by shard. */
interface ViewFacts {
  readonly graph: SocialGraph;
  readonly nickname: string[];
  readonly nicknameKey: string[];
  readonly nicknameInitials: string[];
  readonly members: { channel: Int32Array; user: Int32Array; lastRead: Float64Array; flags: Uint8Array };
  readonly pairs: { lowRemark: Remark[]; highRemark: Remark[]; deletedAt: Float64Array };
  /** Member indexes, and friendship directions (pair * 2 + 0 for the low user's, + 1 for the high user's), by owner shard. */
  readonly memberShards: Int32Array[];
  readonly contactShards: Int32Array[];
}

const PINNED = 1;
const MUTED = 2;
const HIDDEN = 4;

function viewFacts(graph: SocialGraph, seed: number): ViewFacts {
  const nickname: string[] = [];
  const nicknameKey: string[] = [];
  const nicknameInitials: string[] = [];
  for (const u of userRecords(graph, seed)) {
    nickname[u.id] = u.nickname;
    nicknameKey[u.id] = u.nicknameKey;
    nicknameInitials[u.id] = u.nicknameInitials;
  }
  const count = graph.groupMembers.length + 2 * pairCount(graph);
  const members = { channel: new Int32Array(count), user: new Int32Array(count), lastRead: new Float64Array(count), flags: new Uint8Array(count) };
  let i = 0;
  for (const m of memberRecords(graph, seed)) {
    members.channel[i] = m.c;
    members.user[i] = m.user;
    members.lastRead[i] = m.lastRead;
    members.flags[i++] = (m.pinned ? PINNED : 0) | (m.muted ? MUTED : 0) | (m.hidden ? HIDDEN : 0);
  }
  const pairs = { lowRemark: [] as Remark[], highRemark: [] as Remark[], deletedAt: new Float64Array(pairCount(graph)) };
  for (const p of friendPairRecords(graph, seed)) {
    pairs.lowRemark[p.c] = p.lowRemark;
    pairs.highRemark[p.c] = p.highRemark;
    pairs.deletedAt[p.c] = p.deletedAt;
  }
  const contactOwner = (direction: number) => (direction % 2 === 0 ? graph.pairLow : graph.pairHigh)[direction >> 1];
  return {
    graph, nickname, nicknameKey, nicknameInitials, members, pairs,
    memberShards: byShard(count, (k) => members.user[k]),
    contactShards: byShard(2 * pairCount(graph), contactOwner),
  };
}

/** Indexes 0..count-1 grouped by their owner's shard (owner % 256, as the views are partitioned), in order. */
function byShard(count: number, ownerOf: (index: number) => number): Int32Array[] {
  const sizes = new Int32Array(VIEW_SHARDS);
  for (let k = 0; k < count; k++) sizes[ownerOf(k) % VIEW_SHARDS]++;
  const shards = Array.from(sizes, (size) => new Int32Array(size));
  const filled = new Int32Array(VIEW_SHARDS);
  for (let k = 0; k < count; k++) {
    const shard = ownerOf(k) % VIEW_SHARDS;
    shards[shard][filled[shard]++] = k;
  }
  return shards;
}

/**
 * ANALYZE of the 512 view partitions with the default target (a 30,000-row sample of each, the
 * whole partition at N = 100,000) was most of the seed's ~100 s of ANALYZE; 20 (6,000 rows) took
 * a partition from ~0.29 s to ~0.05 s (measured). The statements on a partition are an owner's
 * range of one index; 6,000 rows of ~400 owners still estimate rows per owner, and the hubs are
 * in the most-common values. Autovacuum re-analyzes with the server's target once rows change.
 */
const VIEW_PARTITION_STATISTICS = 20;

function conversationViewShard(facts: ViewFacts, shard: number): CopyTable {
  const { graph, members, pairs } = facts;
  const directs = pairCount(graph);
  return {
    table: shardTables.conversationView(assertShard(shard)).sql,
    statisticsTarget: VIEW_PARTITION_STATISTICS,
    columns: ['user_id', 'channel_id', 'channel_type', 'peer_user_id', 'peer_nickname', 'peer_avatar_url', 'peer_info_ver',
      'group_name', 'group_avatar_url', 'channel_info_ver', 'remark', 'peer_is_contact', 'member_count', 'is_pinned', 'is_muted',
      'is_hidden', 'last_message_id', 'last_message_time', 'last_message_preview', 'last_message_sender_id',
      'last_message_sender_info_ver', 'unread_count', 'last_read_message_id', 'pinned_at', 'version'],
    *rows() {
      for (const k of facts.memberShards[shard]) {
        const [c, user, lastRead, flags] = [members.channel[k], members.user[k], members.lastRead[k], members.flags[k]];
        const last = lastMessageOf(graph, c);
        let party: string;
        if (c < directs) {
          const isLow = user === graph.pairLow[c];
          const peer = isLow ? graph.pairHigh[c] : graph.pairLow[c];
          const remark = (isLow ? pairs.lowRemark : pairs.highRemark)[c];
          party = `DIRECT\t${peer}\t${facts.nickname[peer]}\t${avatarUrl(peer)}\t1\t\t\t1\t${remark.text}\t${flag(pairs.deletedAt[c] === 0)}\t2`;
        } else {
          const g = c - directs;
          const size = graph.groupMemberStart[g + 1] - graph.groupMemberStart[g];
          party = `GROUP\t0\t\t\t0\t${groupName(g)}\t${groupAvatarUrl(g)}\t1\t\tf\t${size}`;
        }
        const pinnedAt = flags & PINNED ? graph.channelCreatedAt[c] : 0;
        yield `${user}\t${c + 1}\t${party}\t${flag((flags & PINNED) > 0)}\t${flag((flags & MUTED) > 0)}\t${flag((flags & HIDDEN) > 0)}\t` +
          `${last.id}\t${last.time}\t${last.body}\t${last.sender}\t${last.sender === 0 ? 0 : SEEDED_INFO_VER}\t${unreadCount(graph, c, user, lastRead)}\t${lastRead}\t${pinnedAt}\t1\n`;
      }
    },
  };
}

/** Messages of others after the member's last read one (a channel has at most a few). */
function unreadCount(graph: SocialGraph, c: number, user: number, lastRead: number): number {
  let unread = 0;
  const first = graph.channelFirstMessageId[c];
  for (let id = first; id < first + graph.channelMessageCount[c]; id++) {
    if (id > lastRead && graph.messageSender[id - 1] !== user) unread++;
  }
  return unread;
}

function contactViewShard(facts: ViewFacts, shard: number): CopyTable {
  const { graph, pairs } = facts;
  return {
    table: shardTables.contactView(assertShard(shard)).sql,
    statisticsTarget: VIEW_PARTITION_STATISTICS,
    columns: ['user_id', 'friend_id', 'friend_username', 'friend_nickname', 'friend_avatar_url', 'friend_info_ver', 'remark',
      'remark_key', 'remark_initials', 'channel_id', 'created_at', 'deleted_at', 'friend_nickname_key', 'friend_nickname_initials', 'version'],
    *rows() {
      for (const direction of facts.contactShards[shard]) {
        const c = direction >> 1;
        const ownedByLow = direction % 2 === 0;
        const [owner, friend] = ownedByLow ? [graph.pairLow[c], graph.pairHigh[c]] : [graph.pairHigh[c], graph.pairLow[c]];
        const remark = (ownedByLow ? pairs.lowRemark : pairs.highRemark)[c];
        yield `${owner}\t${friend}\tuser${friend}\t${facts.nickname[friend]}\t${avatarUrl(friend)}\t1\t${remarkColumns(remark)}\t${c + 1}\t` +
          `${graph.channelCreatedAt[c]}\t${pairs.deletedAt[c]}\t${facts.nicknameKey[friend]}\t${facts.nicknameInitials[friend]}\t1\n`;
      }
    },
  };
}
