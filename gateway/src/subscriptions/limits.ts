import type { OverflowPolicy } from './live-stream';

/** Limits of the graphql-ws endpoint. Counts are per gateway replica (each replica has its own sockets). */
export interface LiveLimits {
  /** Open WebSocket connections; further upgrades are answered 503. */
  maxConnections: number;
  /** Active subscriptions on one connection. */
  maxSubscriptionsPerConnection: number;
  /** Active subscriptions of one API key, over all its connections. */
  maxSubscriptionsPerKey: number;
  /** Active anonymous subscriptions from one client network (/24 IPv4, /48 IPv6). */
  maxSubscriptionsPerNetwork: number;
  /**
   * Items queued per subscription for a client that is behind. Queues hold references to events shared
   * by every subscriber, so the bound costs a pointer per slot, not a copy of the event.
   */
  queueSize: number;
  /** Full queue: drop the oldest item and report the count in the next message, or close the connection. */
  overflow: OverflowPolicy;
  /**
   * Bytes a socket may hold unsent before its subscriptions stop pulling (then their queues fill):
   * with the queues, what a stalled client can cost.
   */
  sendBufferBytes: number;
  /** A connection without any subscription for this long is closed (1000, "Idle timeout"). */
  idleTimeoutMs: number;
  /** WebSocket ping interval; a peer that has not answered the previous ping is terminated. */
  keepAliveMs: number;
  /** Time allowed between the upgrade and `connection_init`. */
  connectionInitTimeoutMs: number;
  /** Largest incoming WebSocket message (a subscribe message with its document). */
  maxPayloadBytes: number;
  /** Document limits (as on HTTP). */
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  /** `analytics(intervalSeconds)`: default and bounds. */
  defaultIntervalSeconds: number;
  minIntervalSeconds: number;
  maxIntervalSeconds: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  maxConnections: 10_000,
  maxSubscriptionsPerConnection: 10,
  maxSubscriptionsPerKey: 100,
  maxSubscriptionsPerNetwork: 500,
  queueSize: 256,
  overflow: 'drop-oldest',
  sendBufferBytes: 64 * 1024,
  idleTimeoutMs: 60_000,
  keepAliveMs: 15_000,
  connectionInitTimeoutMs: 3_000,
  maxPayloadBytes: 64 * 1024,
  maxTokens: 1_000,
  maxDepth: 8,
  maxAliases: 15,
  defaultIntervalSeconds: 5,
  minIntervalSeconds: 1,
  maxIntervalSeconds: 3_600,
};

/** The defaults with `overrides` (undefined values are ignored). */
export function resolveLiveLimits(overrides: Partial<LiveLimits> = {}): LiveLimits {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_LIVE_LIMITS, ...defined };
}

/** Counts of active subscriptions per owner (an API key or a client network), capped at `max`. */
export class SubscriptionQuota {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Whether `owner` may open one more. */
  available(owner: string): boolean {
    return (this.counts.get(owner) ?? 0) < this.max;
  }

  /** Takes a slot; false when `owner` is at the cap. */
  acquire(owner: string): boolean {
    const count = this.counts.get(owner) ?? 0;
    if (count >= this.max) return false;
    this.counts.set(owner, count + 1);
    return true;
  }

  release(owner: string): void {
    const count = this.counts.get(owner) ?? 0;
    if (count <= 1) this.counts.delete(owner);
    else this.counts.set(owner, count - 1);
  }

  count(owner: string): number {
    return this.counts.get(owner) ?? 0;
  }
}
