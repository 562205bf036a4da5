import { request as undiciRequest, type Dispatcher } from 'undici';
import { ANONYMOUS, GATEWAY_TOKEN_HEADER, signGatewayToken, type Logger } from '@mcpr/platform';

/** An analytics snapshot as `Query.analytics` returns it (every field of `AnalyticsSnapshot`). */
export type AnalyticsSnapshotValue = Record<string, unknown> & { at: string };

/** Where live snapshots come from. */
export interface AnalyticsSource {
  snapshot(): Promise<AnalyticsSnapshotValue>;
}

/** Every field of the audit subgraph's `AnalyticsSnapshot`, so any selection can be served from one fetch. */
export const ANALYTICS_QUERY = /* GraphQL */ `
  query LiveAnalytics($window: Int) {
    analytics(window: $window) {
      at
      windowMinutes
      publishesLastMinute
      installsLastMinute
      searchesLastMinute
      authFailuresLastMinute
      topQueries {
        value
        count
      }
      tiers {
        value
        count
      }
      totals {
        publishes
        installs
        searches
        authFailures
      }
      series {
        minute
        publishes
        installs
        searches
        authFailures
      }
    }
  }
`;

export interface AuditAnalyticsSourceOptions {
  /** The audit subgraph's base URL (GraphQL at `${auditUrl}/graphql`). */
  auditUrl: string;
  /** GATEWAY_TOKEN_SECRET: snapshots are public, so they are fetched as the anonymous principal. */
  secret: string;
  dispatcher?: Dispatcher;
  /** Window of topQueries, totals and series (minutes; default 30). */
  windowMinutes?: number;
  timeoutMs?: number;
}

/**
 * Snapshots straight from the audit subgraph, which owns the aggregates: one signed POST of
 * `Query.analytics`, like any subgraph fetch of the gateway (not through the gateway's own HTTP route,
 * where it would be rate limited and logged as client traffic). The ticker shares each fetch between all
 * subscribers of an interval, so the audit service sees one query per interval, not one per subscriber.
 */
export function auditAnalyticsSource(options: AuditAnalyticsSourceOptions): AnalyticsSource {
  const url = `${options.auditUrl.replace(/\/$/, '')}/graphql`;
  const body = JSON.stringify({ query: ANALYTICS_QUERY, variables: { window: options.windowMinutes ?? 30 } });
  return {
    async snapshot() {
      const response = await undiciRequest(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [GATEWAY_TOKEN_HEADER]: signGatewayToken(ANONYMOUS, options.secret),
        },
        body,
        dispatcher: options.dispatcher,
        headersTimeout: options.timeoutMs ?? 5_000,
        bodyTimeout: options.timeoutMs ?? 5_000,
      });
      const json = (await response.body.json()) as {
        data?: { analytics?: AnalyticsSnapshotValue | null } | null;
        errors?: { message: string }[];
      };
      const snapshot = json.data?.analytics;
      if (!snapshot) {
        throw new Error(
          `audit analytics answered HTTP ${response.statusCode}: ${json.errors?.[0]?.message ?? 'no data'}`,
        );
      }
      return snapshot;
    },
  };
}

/** A snapshot with a key unique per fetch (execution results are shared per key). */
export interface KeyedSnapshot {
  key: string;
  value: AnalyticsSnapshotValue;
}

interface Ticker {
  intervalSeconds: number;
  listeners: Set<(snapshot: KeyedSnapshot) => void>;
  timer: NodeJS.Timeout | null;
  latest: { snapshot: KeyedSnapshot; fetchedAt: number } | null;
}

/**
 * Pushes analytics snapshots to subscribers: one timer and one fetch per distinct interval, whatever the
 * number of subscribers; a new subscriber gets the latest snapshot at once (fetched now when it is older
 * than its interval). A failed fetch skips that tick (logged once per failure streak).
 */
export class AnalyticsTicker {
  private readonly tickers = new Map<number, Ticker>();
  private inFlight: Promise<KeyedSnapshot> | null = null;
  private sequence = 0;
  private failing = false;
  private closed = false;

  constructor(
    private readonly source: AnalyticsSource,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts pushing to `listener` every `intervalSeconds`; returns the unsubscribe function. */
  subscribe(intervalSeconds: number, listener: (snapshot: KeyedSnapshot) => void): () => void {
    let ticker = this.tickers.get(intervalSeconds);
    if (!ticker) {
      ticker = { intervalSeconds, listeners: new Set(), timer: null, latest: null };
      this.tickers.set(intervalSeconds, ticker);
      this.schedule(ticker);
    }
    ticker.listeners.add(listener);
    const fresh = ticker.latest && this.now() - ticker.latest.fetchedAt < intervalSeconds * 1000;
    if (fresh) listener(ticker.latest!.snapshot);
    else {
      void this.fetch().then((snapshot) => {
        if (!snapshot) return;
        ticker.latest = { snapshot, fetchedAt: this.now() };
        if (ticker.listeners.has(listener)) listener(snapshot);
      });
    }
    const owner = ticker;
    return () => {
      owner.listeners.delete(listener);
      if (owner.listeners.size === 0 && this.tickers.get(intervalSeconds) === owner) {
        if (owner.timer) clearTimeout(owner.timer);
        this.tickers.delete(intervalSeconds);
      }
    };
  }

  get activeIntervals(): number[] {
    return [...this.tickers.keys()];
  }

  close(): void {
    this.closed = true;
    for (const ticker of this.tickers.values()) if (ticker.timer) clearTimeout(ticker.timer);
    this.tickers.clear();
  }

  private schedule(ticker: Ticker): void {
    if (this.closed) return;
    ticker.timer = setTimeout(async () => {
      const snapshot = await this.fetch();
      if (this.tickers.get(ticker.intervalSeconds) !== ticker) return; // unsubscribed meanwhile
      if (snapshot) {
        ticker.latest = { snapshot, fetchedAt: this.now() };
        for (const listener of [...ticker.listeners]) listener(snapshot);
      }
      this.schedule(ticker);
    }, ticker.intervalSeconds * 1000);
    ticker.timer.unref();
  }

  /** One fetch at a time, shared by every interval that ticks meanwhile; null on failure. */
  private async fetch(): Promise<KeyedSnapshot | null> {
    this.inFlight ??= this.source
      .snapshot()
      .then((value) => ({ key: `analytics:${++this.sequence}`, value }))
      .finally(() => {
        this.inFlight = null;
      });
    try {
      const snapshot = await this.inFlight;
      if (this.failing) this.logger.info('analytics snapshots are available again');
      this.failing = false;
      return snapshot;
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error }, 'analytics snapshot fetch failed; skipping ticks');
      this.failing = true;
      return null;
    }
  }
}
