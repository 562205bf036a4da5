import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { DependencyUnavailableError } from '../errors/dependency-outage';
import type { Logger } from '../logging/logger';
import { valueWithin } from './async-timers';
import {
  resolveRetryPolicy,
  type EventBusOptions,
  type ParkedEvent,
  type RetryPolicy,
} from './delivery-retry';
import type { EventEnvelope } from './envelope';
import type { BusSubscription, EventBus, EventHandler, SubscribeOptions } from './event-bus';
import { eventTypeFilter, eventTypeFilterKey } from './event-type-filter';
import { closeConnection, RedisStreamConsumer } from './redis-stream-consumer';

/** The stream every producer appends to (ARCHITECTURE §4). */
export const DEFAULT_EVENT_STREAM_KEY = 'mcpr:events';

export interface RedisStreamBusOptions extends EventBusOptions {
  redisUrl: string;
  /** Stream key (default `mcpr:events`); parked events go to `<streamKey>:parked`. */
  streamKey?: string;
  /**
   * Approximate MAXLEN applied on every XADD (default 1,000,000). History older than this is gone for a
   * group created later, and for a group that falls that far behind: size it well above the longest outage.
   */
  maxLen?: number;
  /** Longest XREADGROUP BLOCK (default 5,000 ms); close() does not wait for it (CLIENT UNBLOCK). */
  blockMs?: number;
  /** How long an entry must sit unacknowledged before another consumer takes it over (default 5,000 ms). */
  claimIdleMs?: number;
  /** How often each consumer looks for such entries with XAUTOCLAIM (default: claimIdleMs). */
  claimIntervalMs?: number;
  /** Approximate MAXLEN of the parked stream (default 10,000). */
  parkedMaxLen?: number;
}

/** A consumer name unique per subscription: `hostname-pid-random`. */
export function uniqueConsumerName(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Distributed-mode bus on one Redis stream with consumer groups. A group is created at `0` the first time
 * anyone subscribes to it, so a new consumer group starts from the retained history and loses nothing
 * (`startAt: 'end'` creates it at `$` instead, for live per-process groups; `ephemeral` destroys it when
 * its last subscription in this process closes).
 * Type filtering happens in the consumer (filtered-out entries are acknowledged). See `RedisStreamConsumer`
 * for reading, acknowledging and taking over entries of dead consumers.
 */
export class RedisStreamBus implements EventBus {
  readonly streamKey: string;
  readonly parkedStreamKey: string;
  private readonly redisUrl: string;
  private readonly logger: Logger;
  private readonly policy: RetryPolicy;
  private readonly maxLen: number;
  private readonly parkedMaxLen: number;
  private readonly blockMs: number;
  private readonly claimIdleMs: number;
  private readonly claimIntervalMs: number;
  private readonly onParked?: (parked: ParkedEvent) => void;
  /** Publishing, group creation, health, parking, waking readers: never blocked. */
  private readonly command: Redis;
  private readonly consumers = new Set<RedisStreamConsumer>();
  /** Filters of this process's subscriptions per group (subscriptions that share a group must agree). */
  private readonly groupFilters = new Map<string, { key: string; count: number }>();
  private closing: Promise<void> | null = null;
  /** Whether the command connection has been ready at least once. */
  private wasReady = false;

  constructor(options: RedisStreamBusOptions) {
    this.redisUrl = options.redisUrl;
    this.logger = options.logger;
    this.policy = resolveRetryPolicy(options.retry);
    this.streamKey = options.streamKey ?? DEFAULT_EVENT_STREAM_KEY;
    this.parkedStreamKey = `${this.streamKey}:parked`;
    this.maxLen = options.maxLen ?? 1_000_000;
    this.parkedMaxLen = options.parkedMaxLen ?? 10_000;
    this.blockMs = options.blockMs ?? 5_000;
    this.claimIdleMs = options.claimIdleMs ?? 5_000;
    this.claimIntervalMs = options.claimIntervalMs ?? this.claimIdleMs;
    this.onParked = options.onParked;
    this.command = this.connect('command');
    this.command.once('ready', () => {
      this.wasReady = true;
    });
  }

  async publish(events: EventEnvelope[]): Promise<void> {
    if (this.closing) throw new Error('RedisStreamBus is closed');
    if (events.length === 0) return;
    if (this.wasReady && this.command.status !== 'ready') {
      // Lost the connection: fail at once rather than queue behind the reconnect. The outbox keeps the rows
      // and the relay retries with backoff; fire-and-forget publishers must not pile up an offline queue.
      // (Before the first connection, commands queue as usual so that a start-up race costs nothing.)
      throw new DependencyUnavailableError(
        'redis',
        `Redis is not connected (${this.command.status}): events not published`,
      );
    }
    // One pipeline on one connection: entries land in the stream in the order given.
    const pipeline = this.command.pipeline();
    for (const event of events) {
      pipeline.xadd(this.streamKey, 'MAXLEN', '~', this.maxLen, '*', 'e', JSON.stringify(event));
    }
    const results = await pipeline.exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('XADD pipeline returned no results');
  }

  async subscribe(options: SubscribeOptions, handler: EventHandler): Promise<BusSubscription> {
    if (this.closing) throw new Error('RedisStreamBus is closed');
    this.claimGroupFilter(options);
    let consumer: RedisStreamConsumer;
    try {
      const startId = options.startAt === 'end' ? '$' : '0';
      await this.ensureGroup(options.group, startId);
      consumer = new RedisStreamConsumer({
        streamKey: this.streamKey,
        group: options.group,
        consumer: options.consumerName ?? uniqueConsumerName(),
        batchSize: options.batchSize ?? 32,
        noAck: options.atMostOnce ?? false,
        blockMs: this.blockMs,
        claimIdleMs: this.claimIdleMs,
        claimIntervalMs: this.claimIntervalMs,
        policy: this.policy,
        logger: this.logger,
        matches: eventTypeFilter(options.types),
        handler,
        reader: this.connect(`reader:${options.group}`),
        control: this.command,
        // Recreated after the stream was deleted: its history is gone, so the start hardly matters.
        ensureGroup: () => this.ensureGroup(options.group, startId),
        park: (entryId, payload, attempts, error, event) =>
          this.park(options.group, entryId, payload, attempts, error, event),
      });
    } catch (err) {
      this.releaseGroupFilter(options.group);
      throw err;
    }
    this.consumers.add(consumer);
    consumer.start();
    let closed = false;
    return {
      close: async () => {
        if (closed) return;
        closed = true;
        await consumer.close();
        this.consumers.delete(consumer);
        const last = this.releaseGroupFilter(options.group);
        if (options.ephemeral && last) await this.destroyGroup(options.group);
      },
    };
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.consumers].map((consumer) => consumer.close()));
      this.consumers.clear();
      await closeConnection(this.command);
    })();
    return this.closing;
  }

  async healthy(): Promise<boolean> {
    if (this.closing || this.command.status !== 'ready') return false;
    return valueWithin(
      this.command.ping().then((reply) => reply === 'PONG'),
      1_000,
      false,
    );
  }

  private connect(role: string): Redis {
    // RESP2 keeps stream replies in one well-known shape whatever the client's RESP3 mapping.
    const redis = new Redis(this.redisUrl, { protocol: 2, connectionName: `mcpr-events:${role}` });
    let healthy = true;
    redis.on('error', (err: Error) => {
      if (!healthy) return; // one line per outage, not one per reconnect attempt
      healthy = false;
      this.logger.warn({ err, role }, 'redis connection error');
    });
    redis.on('ready', () => {
      if (healthy) return;
      healthy = true;
      this.logger.info({ role }, 'redis connection restored');
    });
    return redis;
  }

  /** Creates the group at `startId` (`0` = the retained history, `$` = the end) unless it exists. */
  private async ensureGroup(group: string, startId: '0' | '$'): Promise<void> {
    try {
      await this.command.call('XGROUP', 'CREATE', this.streamKey, group, startId, 'MKSTREAM');
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith('BUSYGROUP'))) throw err;
    }
  }

  private async park(
    group: string,
    entryId: string,
    payload: string,
    attempts: number,
    error: string,
    event?: EventEnvelope,
  ): Promise<void> {
    await this.command.xadd(
      this.parkedStreamKey,
      'MAXLEN',
      '~',
      this.parkedMaxLen,
      '*',
      'e',
      payload,
      'group',
      group,
      'entry',
      entryId,
      'attempts',
      attempts,
      'error',
      error,
    );
    if (event) this.onParked?.({ group, event, attempts, error });
  }

  private claimGroupFilter(options: SubscribeOptions): void {
    const key = eventTypeFilterKey(options.types);
    const current = this.groupFilters.get(options.group);
    if (current && current.key !== key) {
      // Filtered-out entries are acknowledged, so a member with a narrower filter would lose the others' events.
      throw new Error(`group ${options.group} is subscribed with types [${current.key}], not [${key}]`);
    }
    this.groupFilters.set(options.group, { key, count: (current?.count ?? 0) + 1 });
  }

  /** Returns true when that was this process's last subscription of the group. */
  private releaseGroupFilter(group: string): boolean {
    const current = this.groupFilters.get(group);
    if (!current) return false;
    if (current.count <= 1) {
      this.groupFilters.delete(group);
      return true;
    }
    current.count -= 1;
    return false;
  }

  private async destroyGroup(group: string): Promise<void> {
    if (this.command.status !== 'ready') return;
    await this.command
      .call('XGROUP', 'DESTROY', this.streamKey, group)
      .catch((err: unknown) => this.logger.debug({ err, group }, 'could not destroy an ephemeral group'));
  }
}
