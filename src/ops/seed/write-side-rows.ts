import { nameKeys } from '../../write/name-keys.js';
import { SeededRandom } from './seeded-random.js';
import { EPOCH_START, groupCount, pairCount, type SocialGraph } from './social-graph.js';

/**
 * The rows of every table the seed COPYs, as COPY text lines, streamed from the social graph.
 * Each table has its own random stream (seeded from the data-set seed), so tables can be written
 * concurrently and still come out identical for the same seed. The read side is not here: it is
 * computed by SQL from these tables (read-side-build.ts).
 */
export interface CopyTable {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: () => Iterable<string>;
}

const SYLLABLES = ['ka', 'ri', 'mo', 'na', 'le', 'su', 'to', 'vi', 'an', 'el', 'zu', 'pa', 'do', 'mi', 'ro', 'sa'];
const WORDS = ['ok', 'see you', 'lunch?', 'on my way', 'haha', 'sounds good', 'call me', 'sent the file', 'thanks!', 'tomorrow 9am', 'where are you', 'nice'];

export function writeSideTables(graph: SocialGraph, seed: number): CopyTable[] {
  const pairs = pairCount(graph);
  const groups = groupCount(graph);
  const lastMessage = (c: number) => {
    const count = graph.channelMessageCount[c];
    if (count === 0) return { id: 0, time: graph.channelCreatedAt[c], body: '', sender: 0 };
    const id = graph.channelFirstMessageId[c] + count - 1;
    return { id, time: graph.messageTime[id - 1], body: messageBody(id), sender: graph.messageSender[id - 1] };
  };
  return [
    {
      table: '"user"',
      columns: ['id', 'username', 'nickname', 'avatar_url', 'info_ver', 'created_at', 'nickname_key', 'nickname_initials'],
      *rows() {
        const random = new SeededRandom(seed ^ 0x1001);
        for (let id = 1; id <= graph.users; id++) {
          const nickname = Array.from({ length: random.int(2, 3) }, () => random.pick(SYLLABLES)).join('');
          const shown = `${nickname[0]!.toUpperCase()}${nickname.slice(1)} ${id % 97}`;
          const keys = nameKeys(shown);
          yield `${id}\tuser${id}\t${shown}\thttps://cdn.hermet.example/a/${id}.png\t1\t${EPOCH_START - 90 * 86_400_000 + id}\t${keys.key}\t${keys.initials}\n`;
        }
      },
    },
    {
      table: 'channel',
      columns: ['id', 'type', 'name', 'avatar_url', 'owner_id', 'direct_low_user_id', 'direct_high_user_id', 'info_ver', 'member_count',
        'last_message_id', 'last_message_time', 'last_message_preview', 'last_message_sender_id', 'created_at'],
      *rows() {
        for (let c = 0; c < pairs + groups; c++) {
          const last = lastMessage(c);
          const tail = `${last.id}\t${last.time}\t${last.body}\t${last.sender}\t${graph.channelCreatedAt[c]}\n`;
          if (c < pairs) yield `${c + 1}\tDIRECT\t\t\t\\N\t${graph.pairLow[c]}\t${graph.pairHigh[c]}\t1\t2\t${tail}`;
          else {
            const g = c - pairs;
            const size = graph.groupMemberStart[g + 1] - graph.groupMemberStart[g];
            const owner = graph.groupMembers[graph.groupMemberStart[g]];
            yield `${c + 1}\tGROUP\tGroup ${g + 1}\thttps://cdn.hermet.example/g/${g + 1}.png\t${owner}\t\\N\t\\N\t1\t${size}\t${tail}`;
          }
        }
      },
    },
    {
      table: 'channel_member',
      columns: ['channel_id', 'user_id', 'role', 'joined_at', 'is_pinned', 'pinned_at', 'is_muted', 'is_hidden', 'last_read_message_id'],
      *rows() {
        const random = new SeededRandom(seed ^ 0x2002);
        const member = (c: number, user: number, role: string) => {
          const count = graph.channelMessageCount[c];
          // A direct chat nobody wrote in yet is hidden: friends, not (yet) a conversation.
          const hidden = c < pairs && count === 0 ? 't' : 'f';
          const lastRead = count > 0 && random.chance(0.6) ? graph.channelFirstMessageId[c] + count - 1 : 0;
          const pinned = random.chance(0.02) ? 't' : 'f';
          const muted = random.chance(0.05) ? 't' : 'f';
          const pinnedAt = pinned === 't' ? graph.channelCreatedAt[c] : 0;
          return `${c + 1}\t${user}\t${role}\t${graph.channelCreatedAt[c]}\t${pinned}\t${pinnedAt}\t${muted}\t${hidden}\t${lastRead}\n`;
        };
        for (let c = 0; c < pairs; c++) {
          yield member(c, graph.pairLow[c], 'MEMBER');
          yield member(c, graph.pairHigh[c], 'MEMBER');
        }
        for (let g = 0; g < groups; g++) {
          for (let m = graph.groupMemberStart[g]; m < graph.groupMemberStart[g + 1]; m++) {
            const role = m === graph.groupMemberStart[g] ? 'OWNER' : random.chance(0.05) ? 'ADMIN' : 'MEMBER';
            yield member(pairs + g, graph.groupMembers[m], role);
          }
        }
      },
    },
    {
      table: 'friendship',
      columns: ['user_id', 'friend_id', 'remark', 'channel_id', 'created_at', 'deleted_at'],
      *rows() {
        const random = new SeededRandom(seed ^ 0x3003);
        for (let c = 0; c < pairs; c++) {
          const [a, b] = [graph.pairLow[c], graph.pairHigh[c]];
          const created = graph.channelCreatedAt[c];
          // 1 % of friendships were removed later: tombstones on both sides, the chat stays.
          const deleted = random.chance(0.01) ? created + 86_400_000 : 0;
          const remark = (friend: number) => (random.chance(0.1) ? `Pal ${friend}` : '');
          yield `${a}\t${b}\t${remark(b)}\t${c + 1}\t${created}\t${deleted}\n`;
          yield `${b}\t${a}\t${remark(a)}\t${c + 1}\t${created}\t${deleted}\n`;
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
      *rows() {
        for (let id = 1; id <= graph.users; id++) yield `${id}\t1\n`;
      },
    },
  ];
}

/** Already one line of at most 80 characters, so it is its own preview (message_preview(body) = body). */
export function messageBody(id: number): string {
  return `${WORDS[id % WORDS.length]} #${id}`;
}
