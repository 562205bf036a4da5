import { Counter, Gauge, type Registry } from 'prom-client';
import { valueWithin } from '../events/async-timers';

/** What a scrape reads from an outbox. */
export interface OutboxBacklogSample {
  /** Unsent rows, counted up to a cap (a scrape never scans an unbounded backlog). */
  unsent: number;
  /** When the oldest unsent event occurred; null when nothing is unsent. */
  oldestOccurredAt: Date | null;
}

export interface OutboxMetricsOptions {
  prefix?: string;
  /** A scrape waits this long for the backlog query, then reports no backlog sample (default 1,000 ms). */
  timeoutMs?: number;
}

/**
 * Producer-side outbox metrics of one service: the backlog (unsent rows and the age of the oldest),
 * read at scrape time from the watched relay with one bounded query, and the relay's published rows and
 * failed publishes, counted as they happen.
 */
export class OutboxMetrics {
  private readonly publishedRows: Counter;
  private readonly failures: Counter;
  private readonly timeoutMs: number;
  private source: (() => Promise<OutboxBacklogSample>) | undefined;
  private inFlight: Promise<OutboxBacklogSample> | null = null;

  constructor(registry: Registry, options: OutboxMetricsOptions = {}) {
    const prefix = options.prefix ?? 'mcpr_';
    this.timeoutMs = options.timeoutMs ?? 1_000;
    // `collect` runs on every scrape; both gauges share one query (see sample()).
    const sample = () => this.sample();
    new Gauge({
      name: `${prefix}outbox_backlog`,
      help: 'Outbox rows not yet published to the event bus (counted up to a cap).',
      registers: [registry],
      async collect() {
        const current = await sample();
        // Unknown (no relay running, or the database did not answer in time): NaN, never a stale figure.
        this.set(current ? current.unsent : NaN);
      },
    });
    new Gauge({
      name: `${prefix}outbox_oldest_unsent_age_seconds`,
      help: 'Age of the oldest unpublished outbox event (0 when none is waiting).',
      registers: [registry],
      async collect() {
        const current = await sample();
        if (!current) this.set(NaN);
        else if (!current.oldestOccurredAt) this.set(0);
        else this.set(Math.max(0, Date.now() - current.oldestOccurredAt.getTime()) / 1000);
      },
    });
    this.publishedRows = new Counter({
      name: `${prefix}outbox_published_total`,
      help: 'Outbox rows the relay published to the event bus.',
      registers: [registry],
    });
    this.failures = new Counter({
      name: `${prefix}outbox_publish_failures_total`,
      help: 'Relay rounds that failed to publish (rows stay unsent and are retried).',
      registers: [registry],
    });
  }

  /** Reads the backlog from `source` at scrape time; returns a function that stops watching it. */
  watch(source: () => Promise<OutboxBacklogSample>): () => void {
    this.source = source;
    return () => {
      if (this.source === source) this.source = undefined;
    };
  }

  published(rows: number): void {
    this.publishedRows.inc(rows);
  }

  failed(): void {
    this.failures.inc();
  }

  /**
   * One query at a time, shared by the gauges of a scrape and by concurrent scrapes; a scrape waits at
   * most `timeoutMs` for it (then: unknown, null). A query that hangs (a paused database) is not
   * repeated by later scrapes until it settles, so it holds at most one connection.
   */
  private sample(): Promise<OutboxBacklogSample | null> {
    const source = this.source;
    if (!source) return Promise.resolve(null);
    if (!this.inFlight) {
      const query = source();
      this.inFlight = query;
      const settled = () => {
        if (this.inFlight === query) this.inFlight = null;
      };
      query.then(settled, settled);
    }
    return valueWithin<OutboxBacklogSample | null>(this.inFlight, this.timeoutMs, null);
  }
}
