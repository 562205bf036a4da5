import type { EventEnvelope } from './envelope';

/** Handles one delivered event. Throwing means "not handled": the bus redelivers (see {@link RetryPolicy}). */
export type EventHandler = (event: EventEnvelope) => Promise<void>;

/** Who receives what. Every group sees every (matching) event; within a group each event goes to one member. */
export interface SubscribeOptions {
  /** Consumer group: one per logical consumer (e.g. `audit`, `search`). */
  group: string;
  /**
   * Event types to deliver: exact (`version.published`) or prefix patterns (`version.*`); `*` or omitted means all;
   * `!pattern` excludes (`['*', '!search.performed']`).
   * Subscriptions that share a group must use the same types (other events are acknowledged without a handler call).
   */
  types?: string[];
  /** Stable consumer name within the group (Redis); default `hostname-pid-random`, unique per subscription. */
  consumerName?: string;
  /** Entries read per round trip (Redis); default 32. */
  batchSize?: number;
  /**
   * Where a group that does not exist yet starts (Redis): `beginning` (default) delivers the retained
   * history, so a new durable consumer loses nothing; `end` delivers only events published after the
   * group is created — for live fan-out with a group per process (e.g. one per gateway replica), which
   * must not replay history. An existing group keeps its position either way. The in-process bus keeps
   * no history, so every group starts at the end there.
   */
  startAt?: 'beginning' | 'end';
  /**
   * Redis: destroy the group (XGROUP DESTROY) when this subscription closes and it was the group's last
   * subscription in this process — for per-process groups that nobody resumes. Default false.
   */
  ephemeral?: boolean;
  /**
   * Redis: read with NOACK — entries are never pending, acknowledged or redelivered, so events reach the
   * handler back to back with no round trip per event, and a consumer that dies loses what it had read.
   * For live fan-out (a gateway replica feeding WebSockets), never for state. Default false (at least
   * once). The in-process bus ignores it.
   */
  atMostOnce?: boolean;
}

/** A live subscription. `close()` resolves once its in-flight handler call has finished. */
export interface BusSubscription {
  close(): Promise<void>;
}

/**
 * The event bus (ARCHITECTURE §4). Delivery is at least once, asynchronous (publish never waits for handlers)
 * and in publish order per group while one consumer serves it; consumers are idempotent by event id.
 */
export interface EventBus {
  /** Appends events in order; resolves once the bus has accepted them (not once they are handled). */
  publish(events: EventEnvelope[]): Promise<void>;
  /** Starts delivering to `handler`; resolves once the subscription is registered. */
  subscribe(options: SubscribeOptions, handler: EventHandler): Promise<BusSubscription>;
  /** Stops every subscription and releases connections and timers. */
  close(): Promise<void>;
  /** For /ready: whether the bus can accept events now. */
  healthy(): Promise<boolean>;
}
