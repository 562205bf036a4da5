import { BoundedQueue } from './bounded-queue';

/** What a subscription does when its client cannot keep up and its queue is full. */
export type OverflowPolicy = 'drop-oldest' | 'disconnect';

export interface LiveStreamOptions {
  /** Items held for a client that is behind (the queue's capacity). */
  capacity: number;
  overflow: OverflowPolicy;
  /** Called once, at the first overflow, under the `disconnect` policy (the connection closes the socket). */
  onOverflow?: () => void;
  /** Called once when the stream ends (client completed, connection closed, or `end()`). */
  onClose?: () => void;
}

/**
 * The source event stream of one subscription: the feed pushes (synchronously, never waiting for the
 * socket), graphql-ws pulls one item at a time as the previous message is written. A client that is
 * behind gets at most `capacity` queued items; beyond that the oldest are dropped and counted, and the
 * count is reported with the next item delivered ({@link takeDropped}).
 */
export class LiveStream<T> implements AsyncIterableIterator<T> {
  private readonly queue: BoundedQueue<T>;
  private waiter: ((result: IteratorResult<T>) => void) | null = null;
  private closed = false;
  /** Dropped since the last item handed out. */
  private droppedPending = 0;
  /** Dropped just before the item handed out last (what its message reports). */
  private droppedReported = 0;
  /** Dropped over the stream's life. */
  droppedTotal = 0;
  /** Items handed out over the stream's life. */
  delivered = 0;

  constructor(private readonly options: LiveStreamOptions) {
    this.queue = new BoundedQueue<T>(options.capacity);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Items waiting for the client. */
  get queued(): number {
    return this.queue.length;
  }

  /** Offers an item; never blocks. Ignored once the stream is closed. */
  push(item: T): void {
    if (this.closed) return;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = null;
      this.handOut();
      resolve({ value: item, done: false });
      return;
    }
    const { dropped } = this.queue.push(item);
    if (!dropped) return;
    this.droppedPending += 1;
    this.droppedTotal += 1;
    if (this.options.overflow === 'disconnect' && this.droppedTotal === 1) this.options.onOverflow?.();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) {
      const value = this.queue.shift() as T;
      this.handOut();
      return Promise.resolve({ value, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    if (this.waiter) return Promise.reject(new Error('LiveStream: concurrent next() calls'));
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** How many items were dropped right before the item handed out last (0 when none). */
  takeDropped(): number {
    const dropped = this.droppedReported;
    this.droppedReported = 0;
    return dropped;
  }

  /** Ends the stream: the pending `next()` (and every later one) resolves as done; queued items are released. */
  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.clear();
    const resolve = this.waiter;
    this.waiter = null;
    resolve?.({ value: undefined, done: true });
    this.options.onClose?.();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private handOut(): void {
    this.delivered += 1;
    this.droppedReported = this.droppedPending;
    this.droppedPending = 0;
  }
}
