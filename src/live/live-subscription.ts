import type { ChangeFeedPage, ViewChange } from '../read/change-feed/change-feed.js';
import type { FeedPosition } from '../read/change-feed/feed-position.js';

/** What a live subscription needs of its client's WebSocket. */
export interface LiveSocket {
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

/**
 * The close code of a client that must catch up with the change feed: it read too slowly (its
 * unsent changes passed the bound), or its feed cannot continue (a rebuild rewrote its rows).
 * In the 4000–4999 application range and unused by graphql-ws, whose client retries on it.
 */
export const CATCH_UP_CLOSE_CODE = 4508;

export interface LiveLimits {
  readonly maxPendingChanges: number;
  readonly maxBufferedBytes: number;
}

export interface LiveSubscriptionOptions<T, P> {
  readonly start: FeedPosition;
  /** One page of the viewer's feed after a position. */
  readonly read: (after: FeedPosition) => Promise<ChangeFeedPage<T>>;
  /** The GraphQL payload of a change, made when the client takes it (not when it is queued). */
  readonly payload: (change: ViewChange<T>) => P;
  readonly socket: LiveSocket;
  readonly limits: LiveLimits;
  readonly onEnd: () => void;
  readonly onClosedForCatchUp: (reason: 'slow' | 'resync') => void;
  /** What waited in the client's socket each time the bounds were checked (for the metrics). */
  readonly onBufferedSeen?: (bytes: number) => void;
}

/**
 * One client's live feed of one view: an async iterator (what graphql-ws consumes) of the
 * viewer's changed rows, in version order, filled by reading the change feed whenever the
 * viewer's views change. Memory is bounded: past the limits the client is disconnected instead.
 */
export class LiveSubscription<T, P> implements AsyncIterableIterator<P> {
  private readonly pending: ViewChange<T>[] = [];
  private waiting: ((result: IteratorResult<P>) => void) | null = null;
  private drained: (() => void) | null = null;
  private position: FeedPosition;
  private ended = false;
  private reading = false;
  private readAgain = false;

  constructor(private readonly options: LiveSubscriptionOptions<T, P>) {
    this.position = options.start;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<P>> {
    const change = this.pending.shift();
    if (this.pending.length === 0) this.wakeReader();
    if (change) return Promise.resolve({ value: this.options.payload(change), done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<P>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** The viewer's views changed: queue every change after the last one queued. */
  async catchUp(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    try {
      let page: ChangeFeedPage<T>;
      do {
        this.readAgain = false;
        page = await this.options.read(this.position);
        if (this.ended) return;
        if (page.fullResyncRequired) return this.closeForCatchUp('resync', 'the change feed was rebuilt: sync again from version 0');
        if (this.tooSlow(page.changes.length)) return this.closeForCatchUp('slow', 'subscriber too slow: catch up with the change feed');
        for (const change of page.changes) this.deliver(change);
        this.position = page.highWaterMark;
        // A long backlog (e.g. subscribing from an old version) is read a page at a time, as the
        // client takes it: only changes arriving faster than it reads count against the bound.
        if (page.hasMore) await this.drain();
        if (this.ended) return;
      } while (page.hasMore || this.readAgain);
    } finally {
      this.reading = false;
    }
  }

  private drain(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => (this.drained = resolve));
  }

  private wakeReader(): void {
    const drained = this.drained;
    this.drained = null;
    drained?.();
  }

  private tooSlow(incoming: number): boolean {
    const { maxPendingChanges, maxBufferedBytes } = this.options.limits;
    const buffered = this.options.socket.bufferedAmount;
    this.options.onBufferedSeen?.(buffered);
    return this.pending.length + incoming > maxPendingChanges || buffered > maxBufferedBytes;
  }

  private deliver(change: ViewChange<T>): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting({ value: this.options.payload(change), done: false });
    } else {
      this.pending.push(change);
    }
  }

  private closeForCatchUp(reason: 'slow' | 'resync', message: string): void {
    this.end();
    this.options.onClosedForCatchUp(reason);
    this.options.socket.close(CATCH_UP_CLOSE_CODE, message);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.pending.length = 0;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
    this.wakeReader();
    this.options.onEnd();
  }
}
