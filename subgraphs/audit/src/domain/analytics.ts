import { TrustTier, type EventEnvelope } from '@mcpr/platform';
import type { AnalyticsRepository, MinuteCount } from './analytics-repository';

/**
 * Analytics aggregates (ARCHITECTURE §6 "audit": the time-bucketed aggregates dashboards read). The audit
 * service sees every event, so it keeps, in its own tables and apart from the tamper-evident log:
 *
 * - per-minute counts (UTC minute of `occurredAt`) of publishes (`version.published`), installs
 *   (`install.recorded`), searches (`search.performed`, each sample weighted by `1 / sampleRate`) and
 *   authentication failures (`auth.failed`);
 * - per-minute counts of normalised search queries, summed over a sliding window of whole minutes for
 *   the top queries;
 * - the current tier of every server (`server.created` → UNVERIFIED unless already known, `tier.changed`
 *   → its `tier` when newer than what is stored), grouped for the tier distribution.
 *
 * Events are applied once by id (`processed_event`, consumer `analytics`), like the log's. Minutes older
 * than the retention are pruned. Plain TypeScript: storage is the {@link AnalyticsRepository}.
 */

/** Consumer group (and `processed_event.consumer`) of the analytics aggregates. */
export const ANALYTICS_CONSUMER = 'analytics';

export type AnalyticsMetric = 'publishes' | 'installs' | 'searches' | 'authFailures';

export const ANALYTICS_METRICS: readonly AnalyticsMetric[] = [
  'publishes',
  'installs',
  'searches',
  'authFailures',
];

/** The event type counted into each metric. */
export const METRIC_EVENT_TYPES: Readonly<Record<AnalyticsMetric, string>> = {
  publishes: 'version.published',
  installs: 'install.recorded',
  searches: 'search.performed',
  authFailures: 'auth.failed',
};

/** Everything the analytics consumer subscribes to (nothing else is even queued for it). */
export const ANALYTICS_SUBSCRIPTION_TYPES: readonly string[] = [
  ...Object.values(METRIC_EVENT_TYPES),
  'server.created',
  'tier.changed',
];

/** Longest stored query text (longer ones are cut): the top list is for spotting trends, not logging. */
export const MAX_QUERY_LENGTH = 200;
/** Distinct queries kept per minute; further new ones in that minute count as searches only. */
export const MAX_QUERIES_PER_MINUTE = 500;
/** Entries of `topQueries`. */
export const TOP_QUERIES = 10;
/** Default and largest `window` (minutes) of a snapshot; the largest equals the default retention. */
export const DEFAULT_WINDOW_MINUTES = 60;
export const DEFAULT_RETENTION_MINUTES = 24 * 60;

const MINUTE_MS = 60_000;

/** Tiers in the distribution's order (lowest first). */
export const TIER_ORDER: readonly TrustTier[] = [
  TrustTier.UNVERIFIED,
  TrustTier.COMMUNITY_TRUSTED,
  TrustTier.SECURITY_AUDITED,
  TrustTier.CERTIFIED,
];

/** What one event changes in the aggregates. */
export interface AnalyticsEffects {
  /** The UTC minute of `occurredAt` (`YYYY-MM-DDTHH:MM:00.000Z`). */
  minute: string;
  count?: { metric: AnalyticsMetric; amount: number };
  query?: { text: string; amount: number };
  tier?: { server: string; tier: TrustTier; at: string; kind: 'default' | 'change' };
}

/** The start of the UTC minute holding `time`, as an ISO string (sorts as time does). */
export function minuteKey(time: Date | string | number): string {
  const ms = typeof time === 'number' ? time : new Date(time).getTime();
  if (!Number.isFinite(ms)) throw new Error(`analytics: not a time: ${String(time)}`);
  return new Date(Math.floor(ms / MINUTE_MS) * MINUTE_MS).toISOString();
}

/** A query as counted: NFKC, lower case, white space collapsed, at most {@link MAX_QUERY_LENGTH}; null if empty. */
export function normaliseQuery(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const normalised = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  if (!normalised) return null;
  // Cut on a code point boundary (a lone surrogate would not survive a round trip through the database).
  return Array.from(normalised).slice(0, MAX_QUERY_LENGTH).join('').trim();
}

/** How many searches one sampled `search.performed` stands for: `1 / sampleRate` (1 when absent or invalid). */
export function searchWeight(data: Record<string, unknown>): number {
  const rate = data.sampleRate;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0 || rate > 1) return 1;
  return 1 / rate;
}

/** A tier as emitted (`community_trusted` or `COMMUNITY_TRUSTED`) as the enum value; null if unknown. */
export function normaliseTier(value: unknown): TrustTier | null {
  if (typeof value !== 'string') return null;
  const upper = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  return (TIER_ORDER as readonly string[]).includes(upper) ? (upper as TrustTier) : null;
}

/** What `event` changes in the aggregates (nothing for an event type analytics does not use). */
export function analyticsEffects(event: EventEnvelope): AnalyticsEffects {
  const minute = minuteKey(event.occurredAt);
  const data = (event.data ?? {}) as Record<string, unknown>;
  switch (event.type) {
    case METRIC_EVENT_TYPES.publishes:
      return { minute, count: { metric: 'publishes', amount: 1 } };
    case METRIC_EVENT_TYPES.installs:
      return { minute, count: { metric: 'installs', amount: 1 } };
    case METRIC_EVENT_TYPES.authFailures:
      return { minute, count: { metric: 'authFailures', amount: 1 } };
    case METRIC_EVENT_TYPES.searches: {
      const amount = searchWeight(data);
      const text = normaliseQuery(data.query);
      return { minute, count: { metric: 'searches', amount }, ...(text ? { query: { text, amount } } : {}) };
    }
    case 'server.created':
      return event.subject
        ? {
            minute,
            tier: {
              server: event.subject,
              tier: TrustTier.UNVERIFIED,
              at: event.occurredAt,
              kind: 'default',
            },
          }
        : { minute };
    case 'tier.changed': {
      const tier = normaliseTier(data.tier);
      const server = event.subject || (typeof data.name === 'string' ? data.name : '');
      return tier && server
        ? { minute, tier: { server, tier, at: event.occurredAt, kind: 'change' } }
        : { minute };
    }
    default:
      return { minute };
  }
}

/** One minute of the series. */
export interface AnalyticsMinuteCounts {
  minute: Date;
  publishes: number;
  installs: number;
  searches: number;
  authFailures: number;
}

export interface ValueCountData {
  value: string;
  count: number;
}

/** What `Query.analytics` and the gateway's live snapshots serve. */
export interface AnalyticsSnapshotData {
  at: Date;
  windowMinutes: number;
  publishesLastMinute: number;
  installsLastMinute: number;
  searchesLastMinute: number;
  authFailuresLastMinute: number;
  /** Sums over the window. */
  totals: Omit<AnalyticsMinuteCounts, 'minute'>;
  /** Most frequent normalised queries over the window, most frequent first (ties by text). */
  topQueries: ValueCountData[];
  /** Servers per current tier, every tier listed, lowest tier first. */
  tiers: ValueCountData[];
  /** One entry per minute of the window, oldest first, the current (partial) minute last. */
  series: AnalyticsMinuteCounts[];
}

/**
 * The trailing-60-seconds estimate from minute buckets (the sliding-window counter): all of the current
 * minute plus the share of the previous minute that still lies within the last 60 seconds, rounded.
 */
export function lastMinuteEstimate(current: number, previous: number, now: Date): number {
  const elapsed = (now.getTime() % MINUTE_MS) / MINUTE_MS;
  return Math.round(current + previous * (1 - elapsed));
}

export interface AnalyticsServiceOptions {
  repository: AnalyticsRepository;
  now?: () => Date;
  /** Minutes kept (default a day); also the largest window. */
  retentionMinutes?: number;
}

/** The analytics aggregates over an {@link AnalyticsRepository}. */
export class AnalyticsService {
  private readonly repository: AnalyticsRepository;
  private readonly now: () => Date;
  readonly retentionMinutes: number;

  constructor(options: AnalyticsServiceOptions) {
    this.repository = options.repository;
    this.now = options.now ?? (() => new Date());
    this.retentionMinutes = options.retentionMinutes ?? DEFAULT_RETENTION_MINUTES;
  }

  /**
   * Applies events once each (by id), in one transaction; resolves after the commit. Returns how many
   * were new (duplicates and irrelevant types change nothing but are still recorded as processed).
   */
  ingest(events: readonly EventEnvelope[]): Promise<number> {
    return this.repository.apply(
      events.map((event) => ({ eventId: event.id, effects: analyticsEffects(event) })),
    );
  }

  /** A window of 1..retention minutes (default {@link DEFAULT_WINDOW_MINUTES}); out-of-range values are clamped. */
  clampWindow(window: number | null | undefined): number {
    if (window === null || window === undefined || !Number.isFinite(window)) {
      return Math.min(DEFAULT_WINDOW_MINUTES, this.retentionMinutes);
    }
    return Math.max(1, Math.min(this.retentionMinutes, Math.floor(window)));
  }

  /** The numbers at this moment over the last `windowMinutes` minutes (the current one included). */
  async snapshot(windowMinutes?: number | null): Promise<AnalyticsSnapshotData> {
    const window = this.clampWindow(windowMinutes);
    const at = this.now();
    const current = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
    // The previous minute is always read (for the trailing-60-seconds estimate), even for a 1-minute window.
    const readFrom = current - Math.max(window - 1, 1) * MINUTE_MS;
    const seriesFrom = current - (window - 1) * MINUTE_MS;
    const [counts, topQueries, tierCounts] = await Promise.all([
      this.repository.counts(new Date(readFrom).toISOString()),
      this.repository.topQueries(new Date(seriesFrom).toISOString(), TOP_QUERIES),
      this.repository.tierCounts(),
    ]);
    const byMinute = indexCounts(counts);
    const series: AnalyticsMinuteCounts[] = [];
    for (let minute = seriesFrom; minute <= current; minute += MINUTE_MS) {
      series.push(minuteCounts(minute, byMinute));
    }
    const now = minuteCounts(current, byMinute);
    const previous = minuteCounts(current - MINUTE_MS, byMinute);
    const estimate = (metric: AnalyticsMetric) => lastMinuteEstimate(now[metric], previous[metric], at);
    const totals = { publishes: 0, installs: 0, searches: 0, authFailures: 0 };
    for (const entry of series) for (const metric of ANALYTICS_METRICS) totals[metric] += entry[metric];
    const tierMap = new Map(tierCounts.map((row) => [row.value, row.count]));
    return {
      at,
      windowMinutes: window,
      publishesLastMinute: estimate('publishes'),
      installsLastMinute: estimate('installs'),
      searchesLastMinute: estimate('searches'),
      authFailuresLastMinute: estimate('authFailures'),
      totals,
      topQueries: topQueries.map((row) => ({ value: row.value, count: Math.round(row.count) })),
      tiers: TIER_ORDER.map((tier) => ({ value: tier, count: tierMap.get(tier) ?? 0 })),
      series,
    };
  }

  /** Deletes minutes (and processed-event records) older than the retention. Returns rows deleted. */
  prune(): Promise<number> {
    const cutoff = this.now().getTime() - this.retentionMinutes * MINUTE_MS;
    return this.repository.prune(minuteKey(cutoff), new Date(cutoff));
  }
}

function indexCounts(rows: readonly MinuteCount[]): Map<string, Map<AnalyticsMetric, number>> {
  const index = new Map<string, Map<AnalyticsMetric, number>>();
  for (const row of rows) {
    const key = minuteKey(row.minute);
    let metrics = index.get(key);
    if (!metrics) index.set(key, (metrics = new Map()));
    metrics.set(row.metric, (metrics.get(row.metric) ?? 0) + row.amount);
  }
  return index;
}

function minuteCounts(
  minute: number,
  index: Map<string, Map<AnalyticsMetric, number>>,
): AnalyticsMinuteCounts {
  const metrics = index.get(new Date(minute).toISOString());
  const value = (metric: AnalyticsMetric) => Math.round(metrics?.get(metric) ?? 0);
  return {
    minute: new Date(minute),
    publishes: value('publishes'),
    installs: value('installs'),
    searches: value('searches'),
    authFailures: value('authFailures'),
  };
}
