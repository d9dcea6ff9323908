import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import fc from 'fast-check';
import type { ConversationFilter } from '../../src/read/conversations/conversation-filter.js';
import { CountConversationsQuery } from '../../src/read/conversations/count-conversations.query.js';
import { GetConversationsQuery } from '../../src/read/conversations/get-conversations.query.js';
import { GetUnreadTotalQuery } from '../../src/read/conversations/get-unread-total.query.js';
import { conversationCursor } from '../../src/read/conversations/conversation-cursor.js';
import { Clock } from '../../src/time/clock.js';
import { AcceptFriendRequestCommand } from '../../src/write/accept-friend-request/accept-friend-request.command.js';
import {
  ChangeConversationSettingCommand,
  type ConversationSettingChange,
} from '../../src/write/change-conversation-setting/change-conversation-setting.command.js';
import { CreateGroupCommand } from '../../src/write/create-group/create-group.command.js';
import { MarkConversationReadCommand } from '../../src/write/mark-conversation-read/mark-conversation-read.command.js';
import { RegisterUserCommand } from '../../src/write/register-user/register-user.command.js';
import { SaveDraftCommand } from '../../src/write/save-draft/save-draft.command.js';
import { SendFriendRequestCommand } from '../../src/write/send-friend-request/send-friend-request.command.js';
import { SendMessageCommand } from '../../src/write/send-message/send-message.command.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { NO_DIFFERENCES, viewDifferences } from '../support/view-consistency.js';

/**
 * Random sequences of the commands that move a conversation in the list, then random list
 * queries (filters, page sizes, paging to the end), always answer exactly what a plain in-memory
 * model of the list answers. Times come from a clock that ticks once per call, so the model can
 * keep its own ticking counter: both put events in the same order.
 */

interface ModelRow {
  readonly id: bigint;
  readonly kind: 'DIRECT' | 'GROUP';
  /** Who can send into it besides the viewer. */
  readonly friend: bigint;
  pinnedAt: number;
  muted: boolean;
  archived: boolean;
  markedUnread: boolean;
  unread: number;
  draft: string;
  draftAt: number;
  lastTime: number;
}

type Step =
  | { kind: 'setting'; chat: number; change: ConversationSettingChange }
  | { kind: 'read'; chat: number }
  | { kind: 'draft'; chat: number; text: string }
  | { kind: 'friendSends'; chat: number }
  | { kind: 'viewerSends'; chat: number };

const CHATS = 4; // three direct chats and a group
const SETTINGS: ConversationSettingChange[] = ['PIN', 'UNPIN', 'MUTE', 'UNMUTE', 'ARCHIVE', 'UNARCHIVE', 'MARK_UNREAD'];
const chat = fc.integer({ min: 0, max: CHATS - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('setting' as const), chat, change: fc.constantFrom(...SETTINGS) }),
  fc.record({ kind: fc.constant('read' as const), chat }),
  fc.record({ kind: fc.constant('draft' as const), chat, text: fc.constantFrom('', 'draft', 'other draft') }),
  fc.record({ kind: fc.constant('friendSends' as const), chat }),
  fc.record({ kind: fc.constant('viewerSends' as const), chat }),
);
const filter: fc.Arbitrary<ConversationFilter> = fc
  .record({
    kind: fc.constantFrom(undefined, 'DIRECT' as const, 'GROUP' as const),
    unreadOnly: fc.boolean(),
    muted: fc.constantFrom(undefined, 'mutedOnly' as const, 'excludeMuted' as const),
    pinnedOnly: fc.boolean(),
    archived: fc.boolean(),
  })
  .map(({ muted, ...rest }) => ({ ...rest, mutedOnly: muted === 'mutedOnly', excludeMuted: muted === 'excludeMuted' }));

/** What the model says one step does; `now` is the tick of the step's one clock reading. */
function applyToModel(rows: ModelRow[], s: Step, now: number): void {
  const row = rows[s.chat]!;
  switch (s.kind) {
    case 'setting':
      if (s.change === 'PIN' && row.pinnedAt === 0) row.pinnedAt = now;
      if (s.change === 'UNPIN') row.pinnedAt = 0;
      if (s.change === 'MUTE' || s.change === 'UNMUTE') row.muted = s.change === 'MUTE';
      if (s.change === 'ARCHIVE' || s.change === 'UNARCHIVE') row.archived = s.change === 'ARCHIVE';
      if (s.change === 'MARK_UNREAD') row.markedUnread = true;
      return;
    case 'read':
      row.unread = 0;
      row.markedUnread = false;
      return;
    case 'draft':
      if (row.draft !== s.text) [row.draft, row.draftAt] = [s.text, s.text === '' ? 0 : now];
      return;
    case 'friendSends':
      row.lastTime = now;
      row.unread += 1;
      row.archived &&= row.muted;
      return;
    case 'viewerSends':
      row.lastTime = now;
      [row.unread, row.markedUnread, row.draft, row.draftAt] = [0, false, '', 0];
      row.archived &&= row.muted;
      return;
  }
}

function modelList(rows: readonly ModelRow[], f: ConversationFilter): bigint[] {
  const activity = (r: ModelRow) => Math.max(r.lastTime, r.draftAt);
  return rows
    .filter((r) => r.archived === (f.archived ?? false))
    .filter((r) => !f.kind || r.kind === f.kind)
    .filter((r) => !f.unreadOnly || r.unread > 0 || r.markedUnread)
    .filter((r) => !f.mutedOnly || r.muted)
    .filter((r) => !f.excludeMuted || !r.muted)
    .filter((r) => !f.pinnedOnly || r.pinnedAt > 0)
    .sort((a, b) =>
      Number(b.pinnedAt > 0) - Number(a.pinnedAt > 0) || b.pinnedAt - a.pinnedAt || activity(b) - activity(a) || Number(b.id - a.id),
    )
    .map((r) => r.id);
}

describe('the conversation list equals a simple in-memory model of it', () => {
  let gateway: TestGateway;
  let commands: CommandBus;
  let queries: QueryBus;
  let tick = 0;
  let world = 0;
  const realNow = Clock.prototype.now;

  beforeAll(async () => {
    gateway = await startTestGateway();
    commands = gateway.app.get(CommandBus);
    queries = gateway.app.get(QueryBus);
    // One tick per clock reading: the real times keep the order in which the model's ticks fall.
    Clock.prototype.now = () => BigInt(1_800_000_000_000 + ++tick);
  }, 180_000);
  afterAll(async () => {
    Clock.prototype.now = realNow;
    await gateway.close();
  });

  /** A fresh viewer with three friends (a direct chat each) and a group, all newer in that order. */
  async function newWorld(): Promise<{ viewer: bigint; rows: ModelRow[] }> {
    const n = ++world;
    const register = (name: string) => commands.execute(new RegisterUserCommand(`model_${process.pid}_${n}_${name}`, name));
    const viewer = (await register('me')).id;
    const rows: ModelRow[] = [];
    const friends: bigint[] = [];
    for (const name of ['a', 'b', 'c']) {
      const friend = (await register(name)).id;
      friends.push(friend);
      const request = await commands.execute(new SendFriendRequestCommand(viewer, friend));
      const { channelId } = await commands.execute(new AcceptFriendRequestCommand(friend, request.id));
      rows.push(modelRow(channelId, 'DIRECT', friend, tick));
    }
    const { channelId } = await commands.execute(new CreateGroupCommand(viewer, 'group', friends.slice(0, 2)));
    rows.push(modelRow(channelId, 'GROUP', friends[0]!, tick));
    return { viewer, rows };
  }

  function modelRow(id: bigint, kind: 'DIRECT' | 'GROUP', friend: bigint, createdAt: number): ModelRow {
    return { id, kind, friend, pinnedAt: 0, muted: false, archived: false, markedUnread: false, unread: 0, draft: '', draftAt: 0, lastTime: createdAt };
  }

  async function run(viewer: bigint, rows: ModelRow[], s: Step): Promise<void> {
    const row = rows[s.chat]!;
    const before = tick;
    switch (s.kind) {
      case 'setting':
        await commands.execute(new ChangeConversationSettingCommand(viewer, row.id, s.change));
        break;
      case 'read':
        await commands.execute(new MarkConversationReadCommand(viewer, row.id));
        break;
      case 'draft':
        await commands.execute(new SaveDraftCommand(viewer, row.id, s.text));
        break;
      case 'friendSends':
        await commands.execute(new SendMessageCommand(row.friend, row.id, 'hello'));
        break;
      case 'viewerSends':
        await commands.execute(new SendMessageCommand(viewer, row.id, 'hi'));
        break;
    }
    expect(tick).toBe(before + 1);
    applyToModel(rows, s, tick);
  }

  async function readAll(viewer: bigint, f: ConversationFilter, pageSize: number): Promise<bigint[]> {
    const ids: bigint[] = [];
    let after: string | null = null;
    for (let page = 0; page <= CHATS; page++) {
      const result = await queries.execute(new GetConversationsQuery(viewer, pageSize, after, f));
      ids.push(...result.items.map((row) => row.channelId));
      if (!result.hasNextPage) return ids;
      after = conversationCursor(result.items.at(-1)!);
    }
    throw new Error('paging did not end');
  }

  it('for random command sequences and random filtered, paged queries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 12 }),
        fc.array(fc.record({ filter, pageSize: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 4 }),
        async (steps, reads) => {
          const { viewer, rows } = await newWorld();
          for (const s of steps) await run(viewer, rows, s);
          for (const { filter: f, pageSize } of reads) {
            expect(await readAll(viewer, f, pageSize)).toEqual(modelList(rows, f));
            expect(await queries.execute(new CountConversationsQuery(viewer, f))).toBe(modelList(rows, f).length);
          }
          const unreadTotal = rows.filter((r) => !r.muted && !r.archived).reduce((sum, r) => sum + r.unread, 0);
          expect(await queries.execute(new GetUnreadTotalQuery(viewer))).toBe(unreadTotal);
        },
      ),
      { numRuns: 12 },
    );
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  }, 600_000);
});
