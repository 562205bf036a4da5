import { QueryOrder, type EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import type { OutboxBacklogSample, OutboxMetrics } from '../observability/outbox-metrics';
import type { Logger } from '../logging/logger';
import { dialectOf, type Orm } from '../orm/create-orm';
import { backoffDelay } from './delivery-retry';
import type { EventBus } from './event-bus';
import { onOutboxCommit } from './outbox-commit-nudge';
import { OutboxEvent } from './outbox-event.entity';

export interface OutboxRelayOptions {
  orm: Orm;
  bus: EventBus;
  logger: Logger;
  /** Rows read and published per round (default 100). */
  batchSize?: number;
  /** Safety-net poll between commit nudges (default 250 ms). */
  pollIntervalMs?: number;
  /** Upper bound of the wait after repeated bus failures (default 10,000 ms; it starts at pollIntervalMs). */
  maxBackoffMs?: number;
  /**
   * Where the relay reports (the service's metrics, e.g. `server.metrics`): published rows and failed
   * rounds as they happen, and, while running, the backlog read at scrape time.
   */
  metrics?: { outbox: OutboxMetrics };
}

/**
 * A scrape counts unsent rows up to this many: a bounded query however large the backlog grows (beyond
 * it, the oldest unsent event's age tells how far behind the relay is).
 */
export const OUTBOX_BACKLOG_CAP = 10_000;

/**
 * Publishes a subgraph's outbox to the bus (ARCHITECTURE §4): reads unsent rows in `seq` order, publishes
 * them as one batch, then marks them sent. A crash between publish and mark means the batch is published
 * again on the next start: consumers are idempotent by event id, so at-least-once is enough.
 *
 * It drains on `start()` (the resend of whatever an earlier process left), right after every commit that
 * wrote outbox rows (a MikroORM subscriber), and on a poll. One drain runs at a time; on PostgreSQL an
 * advisory lock also keeps replicas of the same service from draining concurrently (which would reorder).
 * When the bus fails, rows stay unsent and the relay retries with exponential backoff.
 */
export class OutboxRelay {
  private readonly orm: Orm;
  private readonly bus: EventBus;
  private readonly logger: Logger;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxBackoffMs: number;
  private readonly lockKey: string;
  private state: 'new' | 'running' | 'stopped' = 'new';
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private failures = 0;
  private retryAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly metrics: OutboxMetrics | undefined;
  private unwatch: (() => void) | undefined;

  constructor(options: OutboxRelayOptions) {
    this.metrics = options.metrics?.outbox;
    this.orm = options.orm;
    this.bus = options.bus;
    this.logger = options.logger;
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.lockKey = `mcpr-outbox-relay:${String(this.orm.config.get('schema') ?? 'public')}`;
  }

  /** Subscribes to commits, drains everything left unsent (awaited), then keeps draining until `stop()`. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`OutboxRelay cannot start: it is ${this.state}`);
    this.state = 'running';
    this.unwatch = this.metrics?.watch(() => this.backlogSample());
    this.unsubscribe = onOutboxCommit(this.orm, () => void this.drain());
    await this.drain();
    if (this.timer === undefined) this.schedulePoll(); // unless a failed drain already scheduled its retry
  }

  /** Stops polling and nudges, and waits for the drain in flight (which stops after its current batch). */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    clearTimeout(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.unwatch?.();
    await this.draining;
  }

  /** Unsent outbox rows; with `cap`, counted up to `cap` only (a bounded query). */
  async backlog(cap?: number): Promise<number> {
    const em = this.freshEm();
    if (cap === undefined) return em.count(OutboxEvent, { sentAt: null });
    const sql = em as SqlEntityManager;
    const unsent = sql
      .createQueryBuilder(OutboxEvent, 'o')
      .select('o.seq')
      .where({ sentAt: null })
      .limit(cap)
      .getKnexQuery()
      .as('unsent');
    const [row] = (await sql.getKnex().count({ n: '*' }).from(unsent)) as { n: number | string }[];
    return Number(row?.n ?? 0);
  }

  /** What the metrics read at scrape time: the capped backlog and when its oldest event occurred. */
  async backlogSample(cap = OUTBOX_BACKLOG_CAP): Promise<OutboxBacklogSample> {
    const [unsent, oldest] = await Promise.all([
      this.backlog(cap),
      this.freshEm().findOne(
        OutboxEvent,
        { sentAt: null },
        { orderBy: { seq: QueryOrder.ASC }, fields: ['seq', 'occurredAt'] },
      ),
    ]);
    return { unsent, oldestOccurredAt: oldest?.occurredAt ?? null };
  }

  /**
   * Publishes unsent rows now; resolves when no unsent row is left, or the bus failed (the relay then
   * retries on its own). A call while a drain runs makes that drain go round once more. Never rejects.
   */
  drain(): Promise<void> {
    if (this.state !== 'running') return Promise.resolve();
    if (this.draining) {
      this.drainAgain = true; // rows committed after the running drain's query are picked up by the next round
      return this.draining;
    }
    this.draining = this.drainRounds().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drainRounds(): Promise<void> {
    do {
      this.drainAgain = false;
      if (Date.now() < this.retryAt) return; // backing off after a bus failure: the timer retries
      try {
        let published = this.batchSize;
        while (this.state === 'running' && published === this.batchSize) {
          published = await this.relayBatch();
          this.metrics?.published(published); // counted once committed as sent
        }
        this.failures = 0;
        this.retryAt = 0;
      } catch (err) {
        this.failures += 1;
        this.metrics?.failed();
        const delay = backoffDelay(this.failures, this.pollIntervalMs, this.maxBackoffMs);
        this.retryAt = Date.now() + delay;
        this.logger.warn(
          { err, failures: this.failures, retryInMs: delay },
          'outbox relay drain failed: rows stay unsent, will retry',
        );
        this.schedulePoll(delay);
        return;
      }
    } while (this.drainAgain && this.state === 'running');
  }

  /** One batch: returns how many rows it published and marked sent. */
  private async relayBatch(): Promise<number> {
    const em = this.freshEm();
    if (dialectOf(this.orm) === 'sqlite') return this.publishAndMark(em); // one process owns an embedded file
    return em.transactional(async (tx) => {
      // Transaction-scoped and non-blocking: a replica that holds it is already draining this outbox.
      const [row] = await tx.getConnection().execute<{ locked: boolean }[]>(
        'select pg_try_advisory_xact_lock(hashtext(?)) as locked',
        [this.lockKey],
        'all',
        tx.getTransactionContext(), // inside this transaction, or the lock would end with its own statement
      );
      return row?.locked ? this.publishAndMark(tx) : 0;
    });
  }

  private async publishAndMark(em: EntityManager): Promise<number> {
    const rows = await em.find(
      OutboxEvent,
      { sentAt: null },
      { orderBy: { seq: QueryOrder.ASC }, limit: this.batchSize },
    );
    if (rows.length === 0) return 0;
    await this.bus.publish(rows.map((row) => row.toEnvelope()));
    // A native update: no flush, so no commit nudge for our own bookkeeping.
    await em.nativeUpdate(OutboxEvent, { seq: { $in: rows.map((row) => row.seq) } }, { sentAt: new Date() });
    this.logger.debug({ count: rows.length, lastSeq: rows[rows.length - 1]!.seq }, 'outbox rows published');
    return rows.length;
  }

  /**
   * A fork of the global EntityManager. Drains start from ORM hooks, i.e. inside the producer's async context,
   * where `orm.em` would resolve to the producer's (just committed) transaction fork.
   */
  private freshEm(): EntityManager {
    return this.orm.em.fork({ disableContextResolution: true });
  }

  private schedulePoll(delay = Math.max(this.pollIntervalMs, this.retryAt - Date.now())): void {
    if (this.state !== 'running') return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain().then(() => {
        // A failed drain has already scheduled its retry.
        if (this.timer === undefined) this.schedulePoll();
      });
    }, delay);
  }
}
