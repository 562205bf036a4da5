import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger';
import { abortableSleep, settlesWithin } from './async-timers';
import { backoffDelay, deliverWithRetry, type RetryPolicy } from './delivery-retry';
import type { EventEnvelope } from './envelope';
import type { BusSubscription, EventHandler } from './event-bus';
import { parseAutoClaimReply, parseReadGroupReply, type StreamEntry } from './redis-stream-reply';

/** Everything one consumer loop needs; built by `RedisStreamBus.subscribe`. */
export interface RedisStreamConsumerConfig {
  streamKey: string;
  group: string;
  consumer: string;
  batchSize: number;
  /** XREADGROUP … NOACK: nothing is pending, acknowledged, claimed or redelivered (at most once). */
  noAck?: boolean;
  blockMs: number;
  claimIdleMs: number;
  claimIntervalMs: number;
  policy: RetryPolicy;
  logger: Logger;
  matches: (type: string) => boolean;
  handler: EventHandler;
  /** Dedicated connection for the blocking reads; owned (closed) by the consumer. */
  reader: Redis;
  /** Shared connection, used to wake the blocked reader on close. */
  control: Redis;
  /** Recreates the group (e.g. after the stream was deleted). */
  ensureGroup: () => Promise<void>;
  /** Copies a given-up entry to the parked stream (the consumer acknowledges it afterwards). */
  park: (
    entryId: string,
    payload: string,
    attempts: number,
    error: string,
    event?: EventEnvelope,
  ) => Promise<void>;
}

/**
 * Atomically keeps the entries this consumer still owns: for each id whose pending owner is this consumer,
 * XCLAIM it to itself with JUSTID (resets its idle time without counting a delivery); returns those ids.
 * Ids another consumer has already taken over are left alone and must not be handled or acknowledged here.
 */
const RENEW_LEASES = `
local owned = {}
for i = 3, #ARGV do
  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if pending[1] and pending[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    owned[#owned + 1] = ARGV[i]
  end
end
return owned`;

/**
 * One member of a Redis consumer group: reads new entries (XREADGROUP ... BLOCK on its own connection),
 * takes over entries that another consumer left pending for longer than `claimIdleMs` (XAUTOCLAIM every
 * `claimIntervalMs`), calls the handler one entry at a time and acknowledges (XACK) only after success.
 *
 * While it works through a batch it renews its claim on the remaining entries every `claimIdleMs / 3`, so a
 * slow batch is not taken over by a peer while this consumer is alive; a handler call that alone runs longer
 * than `claimIdleMs` can still be taken over (and is then applied twice, which idempotent consumers absorb).
 */
export class RedisStreamConsumer implements BusSubscription {
  private readonly stop = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private readerId: number | null = null;
  private blocked = false;
  private closing: Promise<void> | null = null;

  constructor(private readonly config: RedisStreamConsumerConfig) {
    // A reconnected reader has a new client id; fetch it again before the next blocking read.
    config.reader.on('close', () => {
      this.readerId = null;
    });
  }

  start(): void {
    this.loop = this.run();
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private get stopping(): boolean {
    return this.stop.signal.aborted;
  }

  private async shutdown(): Promise<void> {
    const { reader, control, logger } = this.config;
    this.stop.abort();
    // A blocked XREADGROUP would hold the loop for up to blockMs: CLIENT UNBLOCK makes it return as if it
    // had timed out, delivering nothing. Repeated, because the read may reach Redis after the first UNBLOCK.
    for (let tries = 0; ; tries += 1) {
      if (this.blocked) {
        if (this.readerId !== null && tries < 40) {
          await control.call('CLIENT', 'UNBLOCK', this.readerId).catch(() => undefined);
        } else if (tries >= 40) {
          reader.disconnect(); // last resort; the loop sees the rejected read and exits
        }
      }
      if (await settlesWithin(this.loop, 50)) break;
    }
    await this.releaseConsumerName().catch((err: unknown) =>
      logger.debug({ err }, 'could not remove consumer'),
    );
    await closeConnection(reader);
  }

  private async run(): Promise<void> {
    const { logger, group, consumer } = this.config;
    // Own pending entries first: a stable consumer name restarting, or entries left after an error.
    let ownBacklog = true;
    let nextClaimAt = 0;
    let failures = 0;
    while (!this.stopping) {
      try {
        if (Date.now() >= nextClaimAt) {
          await this.claimStalled();
          nextClaimAt = Date.now() + this.config.claimIntervalMs;
        }
        if (this.stopping) break;
        let entries: StreamEntry[];
        if (ownBacklog) {
          entries = await this.read('0');
          ownBacklog = entries.length > 0;
        } else {
          entries = await this.readNew(Math.min(this.config.blockMs, Math.max(1, nextClaimAt - Date.now())));
        }
        await this.handleBatch(entries);
        failures = 0;
      } catch (err) {
        if (this.stopping) break;
        failures += 1;
        ownBacklog = true;
        logger.warn({ err, group, consumer, failures }, 'event consumer loop failed: retrying');
        if (isNoGroupError(err)) await this.config.ensureGroup().catch(() => undefined);
        await abortableSleep(backoffDelay(failures, 100, 5_000), this.stop.signal);
      }
    }
  }

  private async read(id: '0' | '>', blockMs?: number): Promise<StreamEntry[]> {
    const { reader, group, consumer, batchSize, streamKey } = this.config;
    const block = blockMs === undefined ? [] : ['BLOCK', blockMs];
    const noAck = this.config.noAck ? ['NOACK'] : [];
    const reply = await reader.call(
      'XREADGROUP',
      'GROUP',
      group,
      consumer,
      'COUNT',
      batchSize,
      ...block,
      ...noAck,
      'STREAMS',
      streamKey,
      id,
    );
    return parseReadGroupReply(reply);
  }

  private async readNew(blockMs: number): Promise<StreamEntry[]> {
    this.readerId ??= Number(await this.config.reader.call('CLIENT', 'ID'));
    if (this.stopping) return [];
    this.blocked = true;
    try {
      return await this.read('>', blockMs);
    } finally {
      this.blocked = false;
    }
  }

  /** XAUTOCLAIM over the whole pending list: entries idle longer than claimIdleMs belong to a dead or stuck consumer. */
  private async claimStalled(): Promise<void> {
    const { reader, streamKey, group, consumer, claimIdleMs, batchSize, logger } = this.config;
    if (this.config.noAck) return; // nothing is ever pending
    let cursor = '0-0';
    do {
      const reply = parseAutoClaimReply(
        await reader.call('XAUTOCLAIM', streamKey, group, consumer, claimIdleMs, cursor, 'COUNT', batchSize),
      );
      if (reply.deleted.length > 0) {
        logger.warn(
          { group, ids: reply.deleted },
          'pending events were trimmed from the stream before delivery',
        );
      }
      if (reply.entries.length > 0) {
        logger.info(
          { group, consumer, count: reply.entries.length },
          'took over events left pending by another consumer',
        );
        await this.handleBatch(reply.entries);
      }
      cursor = reply.cursor;
    } while (cursor !== '0-0' && !this.stopping);
  }

  private async handleBatch(entries: StreamEntry[]): Promise<void> {
    let owned = new Set(entries.map((entry) => entry.id));
    let renewedAt = Date.now();
    for (let i = 0; i < entries.length; i += 1) {
      // Closing: the rest stays pending and XAUTOCLAIM hands it to a live consumer.
      if (this.stopping) return;
      if (!this.config.noAck && Date.now() - renewedAt >= this.config.claimIdleMs / 3) {
        owned = await this.renewLeases(entries.slice(i).map((entry) => entry.id));
        renewedAt = Date.now();
      }
      const entry = entries[i]!;
      if (owned.has(entry.id)) await this.handleEntry(entry);
    }
  }

  private async handleEntry(entry: StreamEntry): Promise<void> {
    const { logger, group, handler, policy, claimIdleMs } = this.config;
    const payload = entry.payload;
    if (payload === null) {
      logger.warn({ group, entryId: entry.id }, 'pending event no longer in the stream (trimmed): skipped');
      await this.ack(entry.id);
      return;
    }
    let event: EventEnvelope;
    try {
      event = JSON.parse(payload) as EventEnvelope;
    } catch (err) {
      logger.error({ group, entryId: entry.id, err }, 'malformed event: parked');
      await this.config.park(entry.id, payload, 0, 'malformed JSON');
      await this.ack(entry.id);
      return;
    }
    if (!this.config.matches(event.type)) {
      await this.ack(entry.id); // not for this group: acknowledged so it never comes back
      return;
    }
    let renewedAt = Date.now();
    const result = await deliverWithRetry(event, () => handler(JSON.parse(payload) as EventEnvelope), {
      group,
      policy,
      logger,
      signal: this.stop.signal,
      beforeRetry: async () => {
        if (this.config.noAck || Date.now() - renewedAt < claimIdleMs / 3) return true;
        renewedAt = Date.now();
        return (await this.renewLeases([entry.id])).has(entry.id);
      },
    });
    if (result.outcome === 'abandoned') return;
    if (result.outcome === 'parked')
      await this.config.park(entry.id, payload, result.attempts, result.error, event);
    await this.ack(entry.id);
  }

  private async ack(id: string): Promise<void> {
    if (this.config.noAck) return;
    await this.config.reader.call('XACK', this.config.streamKey, this.config.group, id);
  }

  private async renewLeases(ids: string[]): Promise<Set<string>> {
    const { reader, streamKey, group, consumer } = this.config;
    const owned = await reader.call('EVAL', RENEW_LEASES, 1, streamKey, group, consumer, ...ids);
    return new Set(Array.isArray(owned) ? owned.map(String) : []);
  }

  /** Removes this consumer from the group when it holds nothing (dead names would pile up in XINFO otherwise). */
  private async releaseConsumerName(): Promise<void> {
    const { reader, streamKey, group, consumer } = this.config;
    if (reader.status !== 'ready') return;
    const pending = await reader.call('XPENDING', streamKey, group, '-', '+', 1, consumer);
    if (Array.isArray(pending) && pending.length === 0) {
      await reader.call('XGROUP', 'DELCONSUMER', streamKey, group, consumer);
    }
  }
}

function isNoGroupError(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOGROUP');
}

/** QUIT when connected (graceful), else drop the socket; never rejects. */
export async function closeConnection(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
