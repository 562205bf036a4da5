import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { AppError, ANONYMOUS, type Logger, type Principal } from '@mcpr/platform';
import { clientNetwork } from '../events/security-events';
import { CLOSE_IDLE, CLOSE_SLOW_CONSUMER } from './connection-auth';
import { SubscriptionQuota, type LiveLimits } from './limits';
import { LiveStream } from './live-stream';

/** Counters of the endpoint (for logs, the benchmark and tests). */
export interface LiveStats {
  connections: number;
  subscriptions: number;
  /** Items waiting in subscription queues now. */
  queued: number;
  /** Items dropped for slow clients since start. */
  dropped: number;
  /** Messages handed to sockets since start. */
  delivered: number;
}

/**
 * Every live connection of this replica, with the per-key and per-network subscription quotas, the idle
 * timers and the totals for {@link LiveStats}.
 */
export class LiveConnections {
  readonly perKey: SubscriptionQuota;
  readonly perNetwork: SubscriptionQuota;
  private readonly connections = new Map<WebSocket, LiveConnection>();
  private droppedClosed = 0;
  private deliveredClosed = 0;

  constructor(
    readonly limits: LiveLimits,
    readonly logger: Logger,
    /** The client's address of an upgrade request (as `req.ip` on HTTP). */
    readonly clientIpOf: (request: IncomingMessage) => string | undefined,
  ) {
    this.perKey = new SubscriptionQuota(limits.maxSubscriptionsPerKey);
    this.perNetwork = new SubscriptionQuota(limits.maxSubscriptionsPerNetwork);
  }

  get size(): number {
    return this.connections.size;
  }

  /** Registers a new socket (before graphql-ws sees it); forgotten when it closes. */
  open(socket: WebSocket, request: IncomingMessage): LiveConnection {
    const connection = new LiveConnection(socket, request, this);
    this.connections.set(socket, connection);
    socket.once('close', () => {
      connection.dispose();
      this.connections.delete(socket);
    });
    return connection;
  }

  of(socket: WebSocket): LiveConnection | undefined {
    return this.connections.get(socket);
  }

  /** Closes every connection authenticated with `keyId` (revocation). Returns how many. */
  closeByKeyId(keyId: string, code: number, reason: string): number {
    let closed = 0;
    for (const connection of this.connections.values()) {
      if (connection.principal.kind === 'key' && connection.principal.keyId === keyId) {
        connection.close(code, reason);
        closed += 1;
      }
    }
    return closed;
  }

  all(): IterableIterator<LiveConnection> {
    return this.connections.values();
  }

  /** Called by a stream when it ends. */
  retire(stream: LiveStream<unknown>): void {
    this.droppedClosed += stream.droppedTotal;
    this.deliveredClosed += stream.delivered;
  }

  stats(): LiveStats {
    const stats: LiveStats = {
      connections: this.connections.size,
      subscriptions: 0,
      queued: 0,
      dropped: this.droppedClosed,
      delivered: this.deliveredClosed,
    };
    for (const connection of this.connections.values()) {
      for (const stream of connection.streams) {
        stats.subscriptions += 1;
        stats.queued += stream.queued;
        stats.dropped += stream.droppedTotal;
        stats.delivered += stream.delivered;
      }
    }
    return stats;
  }
}

/** One graphql-ws connection: who it is, its open streams and its timers. */
export class LiveConnection {
  principal: Principal = ANONYMOUS;
  /** The `authorization` of the connection payload (forwarded for entity lookups). */
  authorization?: string;
  readonly clientIp: string | undefined;
  readonly network: string;
  readonly streams = new Set<LiveStream<unknown>>();
  private idleTimer: NodeJS.Timeout | null = null;
  private expiryTimer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(
    readonly socket: WebSocket,
    request: IncomingMessage,
    private readonly registry: LiveConnections,
  ) {
    this.clientIp = registry.clientIpOf(request);
    this.network = clientNetwork(this.clientIp);
  }

  /** Whose quota a subscription counts against: the API key, or the anonymous client's network. */
  get owner(): { quota: SubscriptionQuota; id: string; label: string } {
    return this.principal.kind === 'key'
      ? { quota: this.registry.perKey, id: this.principal.keyId, label: 'API key' }
      : { quota: this.registry.perNetwork, id: this.network, label: 'client network' };
  }

  /** Authenticated: starts the idle timer and, for an expiring key, closes the connection at expiry. */
  accepted(principal: Principal, authorization: string | undefined, onExpiry: () => void): void {
    this.principal = principal;
    this.authorization = authorization;
    this.armIdle();
    if (principal.kind === 'key' && principal.expiresAt)
      this.armExpiry(Date.parse(principal.expiresAt), onExpiry);
  }

  /** Why a new subscription would be refused now (null: it may open). */
  refusal(): string | null {
    const { maxSubscriptionsPerConnection } = this.registry.limits;
    if (this.streams.size >= maxSubscriptionsPerConnection) {
      return `Too many subscriptions on this connection (at most ${maxSubscriptionsPerConnection}).`;
    }
    const owner = this.owner;
    if (!owner.quota.available(owner.id)) {
      const max =
        this.principal.kind === 'key'
          ? this.registry.limits.maxSubscriptionsPerKey
          : this.registry.limits.maxSubscriptionsPerNetwork;
      return `Too many subscriptions for this ${owner.label} (at most ${max}).`;
    }
    return null;
  }

  /**
   * Opens a bounded stream counted against the caps (RATE_LIMITED when over one). `onEnd` runs once when
   * it ends for any reason (client completed, socket closed).
   */
  openStream<T>(onEnd: () => void, capacity = this.registry.limits.queueSize): LiveStream<T> {
    const refusal = this.disposed ? 'The connection is closing.' : this.refusal();
    const owner = this.owner;
    if (refusal || !owner.quota.acquire(owner.id)) {
      throw new AppError('RATE_LIMITED', refusal ?? 'Too many subscriptions.');
    }
    const stream: LiveStream<T> = new LiveStream<T>({
      capacity,
      overflow: this.registry.limits.overflow,
      onOverflow: () => {
        this.registry.logger.info({ network: this.network }, 'closing a live connection that cannot keep up');
        this.close(CLOSE_SLOW_CONSUMER, 'Slow consumer: events would be dropped');
      },
      onClose: () => {
        owner.quota.release(owner.id);
        this.streams.delete(stream as LiveStream<unknown>);
        this.registry.retire(stream as LiveStream<unknown>);
        if (this.streams.size === 0) this.armIdle();
        onEnd();
      },
    });
    this.streams.add(stream as LiveStream<unknown>);
    this.disarmIdle();
    return stream;
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, closeReason(reason));
    }
  }

  /** The socket closed: ends every stream (releasing its quota) and clears the timers. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disarmIdle();
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    for (const stream of [...this.streams]) stream.end();
  }

  private armIdle(): void {
    if (this.disposed) return;
    this.disarmIdle();
    this.idleTimer = setTimeout(
      () => this.close(CLOSE_IDLE, 'Idle timeout'),
      this.registry.limits.idleTimeoutMs,
    );
    this.idleTimer.unref();
  }

  private disarmIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private armExpiry(at: number, onExpiry: () => void): void {
    if (!Number.isFinite(at) || this.disposed) return;
    const delay = at - Date.now();
    // setTimeout holds at most 2^31-1 ms (~24.8 days): re-arm until the real expiry.
    const step = Math.min(Math.max(delay, 0), 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => (delay > step ? this.armExpiry(at, onExpiry) : onExpiry()), step);
    this.expiryTimer.unref();
  }
}

/** A close reason fits in 123 bytes of UTF-8 (the control frame's limit); longer ones are cut. */
export function closeReason(reason: string): string {
  if (Buffer.byteLength(reason) <= 123) return reason;
  let cut = reason;
  while (Buffer.byteLength(`${cut}…`) > 123) cut = cut.slice(0, -1);
  return `${cut}…`;
}
