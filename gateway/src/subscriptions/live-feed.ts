import {
  uniqueConsumerName,
  type BusSubscription,
  type EventBus,
  type EventEnvelope,
  type Logger,
} from '@mcpr/platform';
import { NEVER_STREAMED_TYPES } from './visibility';

export type FeedListener = (event: EventEnvelope) => void;

/** The group of one gateway replica: every replica receives every event (fan-out, not load sharing). */
export function liveGroupName(): string {
  return `gateway-live-${uniqueConsumerName()}`;
}

/**
 * One bus subscription per gateway replica, fanned out in memory to every live subscription of the
 * replica. The group is this replica's own (`gateway-live-<host-pid-random>`), starts at the end of the
 * stream (no replay of history on Redis), is read at most once (NOACK) and is destroyed when the
 * replica closes it.
 *
 * The bus handler only appends to a small buffer; the fan-out runs once per event-loop turn over what
 * arrived meanwhile (at most `eventsPerTurn`). While a turn writes to a thousand sockets, the next events
 * accumulate, so the following turn hands each socket several messages at once (one system call; see
 * `ws-adapter.ts`) — batching that grows with the load, one turn of latency when idle. When
 * `maxBuffered` events wait, the handler holds the bus until the buffer drains: memory stays bounded
 * and the bus (not the feed) keeps the backlog.
 *
 * Listeners are called synchronously and must never block: they only test a filter and push into a
 * bounded per-subscription queue.
 */
export class LiveFeed {
  private readonly listeners = new Set<FeedListener>();
  private subscription: BusSubscription | null = null;
  private buffer: EventEnvelope[] = [];
  private scheduled = false;
  private waiters: (() => void)[] = [];
  /** Events received from the bus (for stats). */
  received = 0;

  private constructor(
    private readonly logger: Logger,
    private readonly eventsPerTurn: number,
    private readonly maxBuffered: number,
  ) {}

  static async start(
    bus: EventBus,
    logger: Logger,
    options: { group?: string; eventsPerTurn?: number; maxBuffered?: number } = {},
  ): Promise<LiveFeed> {
    const feed = new LiveFeed(logger, options.eventsPerTurn ?? 64, options.maxBuffered ?? 256);
    const group = options.group ?? liveGroupName();
    // At most once: live clients reconnect after a replica dies anyway, and NOACK spares a round trip
    // per event, which is what lets events of a burst reach one turn together.
    // Types no live client may receive are never delivered: `search.performed` comes with every search.
    feed.subscription = await bus.subscribe(
      {
        group,
        types: ['*', ...NEVER_STREAMED_TYPES.map((type) => `!${type}`)],
        startAt: 'end',
        ephemeral: true,
        atMostOnce: true,
        batchSize: 128,
      },
      (event) => feed.accept(event),
    );
    logger.debug({ group }, 'live feed subscribed');
    return feed;
  }

  /** Adds a listener; returns its removal. */
  listen(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Takes an event from the bus: resolves at once, or once the buffer has room again. */
  accept(event: EventEnvelope): Promise<void> {
    this.received += 1;
    this.buffer.push(event);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.turn());
    }
    if (this.buffer.length < this.maxBuffered) return Promise.resolve();
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Delivers `event` to every listener now. */
  dispatch(event: EventEnvelope): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ err: error, type: event.type }, 'live listener failed');
      }
    }
  }

  async close(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    this.listeners.clear();
    this.buffer = [];
    for (const resolve of this.waiters.splice(0)) resolve();
    await subscription?.close();
  }

  private turn(): void {
    this.scheduled = false;
    const batch = this.buffer.splice(0, this.eventsPerTurn);
    for (const event of batch) this.dispatch(event);
    if (this.buffer.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.turn());
    }
    if (this.buffer.length < this.maxBuffered) for (const resolve of this.waiters.splice(0)) resolve();
  }
}
