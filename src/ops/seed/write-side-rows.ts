import {
  SEEDED_INFO_VER,
  avatarUrl,
  friendPairRecords,
  groupAvatarUrl,
  groupName,
  lastMessageOf,
  memberRecords,
  messageBody,
  userCreatedAt,
  userRecords,
  type Remark,
} from './seed-records.js';
import { EPOCH_START, groupCount, pairCount, type SocialGraph } from './social-graph.js';

/**
 * The rows of every write-side table the seed COPYs (plus the reverse indexes and view clocks),
 * as COPY text lines, streamed from the social graph and the seed records. Tables can be written
 * concurrently and still come out identical for the same seed. The views: read-side-rows.ts.
 */
export interface CopyTable {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: () => Iterable<string>;
  /** A partitioned table, COPYed through its parent (which routes each row): COPY cannot FREEZE those. */
  readonly partitioned?: true;
  /** ANALYZE's statistics target for this table, when not PostgreSQL's default (100). */
  readonly statisticsTarget?: number;
}

export function writeSideTables(graph: SocialGraph, seed: number): CopyTable[] {
  const pairs = pairCount(graph);
  const groups = groupCount(graph);
  return [
    {
      table: '"user"',
      columns: ['id', 'username', 'nickname', 'avatar_url', 'info_ver', 'created_at', 'nickname_key', 'nickname_initials'],
      *rows() {
        for (const u of userRecords(graph, seed)) {
          yield `${u.id}\tuser${u.id}\t${u.nickname}\t${avatarUrl(u.id)}\t${SEEDED_INFO_VER}\t${userCreatedAt(u.id)}\t${u.nicknameKey}\t${u.nicknameInitials}\n`;
        }
      },
    },
    {
      table: 'channel',
      columns: ['id', 'type', 'name', 'avatar_url', 'owner_id', 'direct_low_user_id', 'direct_high_user_id', 'info_ver', 'member_count',
        'last_message_id', 'last_message_time', 'last_message_preview', 'last_message_sender_id', 'created_at'],
      *rows() {
        for (let c = 0; c < pairs + groups; c++) {
          const last = lastMessageOf(graph, c);
          const tail = `${last.id}\t${last.time}\t${last.body}\t${last.sender}\t${graph.channelCreatedAt[c]}\n`;
          if (c < pairs) yield `${c + 1}\tDIRECT\t\t\t\\N\t${graph.pairLow[c]}\t${graph.pairHigh[c]}\t1\t2\t${tail}`;
          else {
            const g = c - pairs;
            const size = graph.groupMemberStart[g + 1] - graph.groupMemberStart[g];
            const owner = graph.groupMembers[graph.groupMemberStart[g]];
            yield `${c + 1}\tGROUP\t${groupName(g)}\t${groupAvatarUrl(g)}\t${owner}\t\\N\t\\N\t1\t${size}\t${tail}`;
          }
        }
      },
    },
    {
      table: 'channel_member',
      columns: ['channel_id', 'user_id', 'role', 'joined_at', 'is_pinned', 'pinned_at', 'is_muted', 'is_hidden', 'last_read_message_id'],
      *rows() {
        for (const m of memberRecords(graph, seed)) {
          const createdAt = graph.channelCreatedAt[m.c];
          yield `${m.c + 1}\t${m.user}\t${m.role}\t${createdAt}\t${flag(m.pinned)}\t${m.pinned ? createdAt : 0}\t${flag(m.muted)}\t${flag(m.hidden)}\t${m.lastRead}\n`;
        }
      },
    },
    {
      table: 'friendship',
      columns: ['user_id', 'friend_id', 'remark', 'remark_key', 'remark_initials', 'channel_id', 'created_at', 'deleted_at'],
      *rows() {
        for (const p of friendPairRecords(graph, seed)) {
          yield `${p.low}\t${p.high}\t${remarkColumns(p.lowRemark)}\t${p.c + 1}\t${p.createdAt}\t${p.deletedAt}\n`;
          yield `${p.high}\t${p.low}\t${remarkColumns(p.highRemark)}\t${p.c + 1}\t${p.createdAt}\t${p.deletedAt}\n`;
        }
      },
    },
    {
      table: 'message',
      columns: ['id', 'channel_id', 'sender_id', 'body', 'created_at'],
      *rows() {
        for (let c = 0; c < pairs + groups; c++) {
          for (let k = 0; k < graph.channelMessageCount[c]; k++) {
            const id = graph.channelFirstMessageId[c] + k;
            yield `${id}\t${c + 1}\t${graph.messageSender[id - 1]}\t${messageBody(id)}\t${graph.messageTime[id - 1]}\n`;
          }
        }
      },
    },
    {
      table: 'friend_request',
      columns: ['id', 'from_user_id', 'to_user_id', 'status', 'message', 'created_at', 'updated_at'],
      *rows() {
        let id = 0;
        for (const [from, to] of graph.pendingRequests) {
          id++;
          yield `${id}\t${from}\t${to}\tPENDING\thi, it's user${from}\t${EPOCH_START + id}\t${EPOCH_START + id}\n`;
        }
      },
    },
    {
      table: 'conversation_reverse_index',
      columns: ['peer_user_id', 'owner_user_id', 'channel_id'],
      *rows() {
        for (let c = 0; c < pairs; c++) {
          yield `${graph.pairHigh[c]}\t${graph.pairLow[c]}\t${c + 1}\n${graph.pairLow[c]}\t${graph.pairHigh[c]}\t${c + 1}\n`;
        }
      },
    },
    {
      table: 'contact_reverse_index',
      columns: ['friend_user_id', 'owner_user_id'],
      *rows() {
        for (let c = 0; c < pairs; c++) {
          yield `${graph.pairHigh[c]}\t${graph.pairLow[c]}\n${graph.pairLow[c]}\t${graph.pairHigh[c]}\n`;
        }
      },
    },
    {
      // Every seeded view row is version 1: the data set is one snapshot, as of clock 1.
      table: 'user_view_state',
      columns: ['user_id', 'version'],
      partitioned: true,
      *rows() {
        for (let id = 1; id <= graph.users; id++) yield `${id}\t1\n`;
      },
    },
  ];
}

/** remark, remark_key, remark_initials as COPY text. */
export function remarkColumns(remark: Remark): string {
  return `${remark.text}\t${remark.key}\t${remark.initials}`;
}

/** A boolean as COPY text. */
export function flag(value: boolean): 't' | 'f' {
  return value ? 't' : 'f';
}
