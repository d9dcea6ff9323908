import { describe, expect, it } from '@jest/globals';
import type { ChangeFeedPage, ViewChange } from '../../src/read/change-feed/change-feed.js';
import type { FeedPosition } from '../../src/read/change-feed/feed-position.js';
import { CATCH_UP_CLOSE_CODE, LiveSubscription, type LiveSocket } from '../../src/live/live-subscription.js';

/**
 * A live subscription over an in-memory change feed (rows are `{ id, version }`) and a socket
 * whose send buffer the test sets: what reaches the client, in what order, and when the client
 * is disconnected to catch up instead.
 */
interface Row {
  id: number;
  version: bigint;
}

class Feed {
  readonly rows: Row[] = [];
  resyncRequired = false;

  change(id: number): void {
    const version = BigInt(this.rows.length + 1);
    this.rows.push({ id, version });
  }

  async read(after: FeedPosition, first = 2): Promise<ChangeFeedPage<Row>> {
    if (this.resyncRequired) return { changes: [], highWaterMark: { version: 0n, key: null }, hasMore: false, fullResyncRequired: true };
    const newer = this.rows.filter((row) => row.version > after.version);
    const page = newer.slice(0, first);
    const last = page.at(-1)?.version ?? after.version;
    return {
      changes: page.map((row): ViewChange<Row> => ({ row, inList: true })),
      highWaterMark: { version: newer.length > first ? last : BigInt(this.rows.length), key: null },
      hasMore: newer.length > first,
      fullResyncRequired: false,
    };
  }
}

class Socket implements LiveSocket {
  bufferedAmount = 0;
  closedWith: { code: number; reason: string } | null = null;
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }
}

function open(feed: Feed, socket: Socket, maxPendingChanges = 10) {
  const events: string[] = [];
  const subscription = new LiveSubscription<Row, number>({
    start: { version: 0n, key: null },
    read: (after) => feed.read(after),
    payload: (change) => change.row.id,
    socket,
    limits: { maxPendingChanges, maxBufferedBytes: 1_000 },
    onEnd: () => events.push('end'),
    onClosedForCatchUp: (reason) => events.push(reason),
  });
  return { subscription, events };
}

async function take(subscription: LiveSubscription<Row, number>, count: number): Promise<number[]> {
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push((await subscription.next()).value as number);
  return values;
}

describe('a live subscription', () => {
  it('delivers every change after its start, in version order, across feed pages', async () => {
    const feed = new Feed();
    const { subscription } = open(feed, new Socket());
    for (const id of [1, 2, 3, 4, 5]) feed.change(id);
    const reading = subscription.catchUp();
    expect(await take(subscription, 5)).toEqual([1, 2, 3, 4, 5]);
    await reading;
    feed.change(6);
    await subscription.catchUp();
    expect(await take(subscription, 1)).toEqual([6]);
  });

  it('reads a backlog longer than its bound a page at a time, as the client takes it', async () => {
    const feed = new Feed();
    const socket = new Socket();
    const { subscription } = open(feed, socket, 3);
    for (let id = 1; id <= 12; id++) feed.change(id);
    const reading = subscription.catchUp();
    expect(await take(subscription, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    await reading;
    expect(socket.closedWith).toBeNull();
  });

  it('reads again when the views change during a read (no change is left behind)', async () => {
    const feed = new Feed();
    const { subscription } = open(feed, new Socket());
    feed.change(1);
    const first = subscription.catchUp();
    feed.change(2);
    await subscription.catchUp(); // arrives while the first read is under way
    await first;
    expect(await take(subscription, 2)).toEqual([1, 2]);
  });

  it(`closes a client whose socket buffer is over the bound with code ${CATCH_UP_CLOSE_CODE}, and ends`, async () => {
    const feed = new Feed();
    const socket = new Socket();
    const { subscription, events } = open(feed, socket);
    socket.bufferedAmount = 1_001;
    feed.change(1);
    await subscription.catchUp();
    expect(socket.closedWith).toEqual({ code: CATCH_UP_CLOSE_CODE, reason: 'subscriber too slow: catch up with the change feed' });
    expect(events).toEqual(['end', 'slow']);
    expect(await subscription.next()).toEqual({ value: undefined, done: true });
  });

  it('closes a client that does not take its changes once more than the bound wait', async () => {
    const feed = new Feed();
    const socket = new Socket();
    const { subscription, events } = open(feed, socket, 3);
    for (let id = 1; id <= 3; id++) {
      feed.change(id);
      await subscription.catchUp();
    }
    expect(socket.closedWith).toBeNull();
    feed.change(4);
    await subscription.catchUp();
    expect(socket.closedWith?.code).toBe(CATCH_UP_CLOSE_CODE);
    expect(events).toEqual(['end', 'slow']);
  });

  it('closes for a full resync when the feed was rebuilt under it', async () => {
    const feed = new Feed();
    const socket = new Socket();
    const { subscription, events } = open(feed, socket);
    feed.resyncRequired = true;
    await subscription.catchUp();
    expect(socket.closedWith?.code).toBe(CATCH_UP_CLOSE_CODE);
    expect(events).toEqual(['end', 'resync']);
  });

  it('stops reading once the client unsubscribed', async () => {
    const feed = new Feed();
    const socket = new Socket();
    const { subscription, events } = open(feed, socket);
    await subscription.return();
    feed.change(1);
    await subscription.catchUp();
    expect(events).toEqual(['end']);
    expect(socket.closedWith).toBeNull();
  });
});
