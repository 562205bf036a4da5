import type { AnalyticsEffects, AnalyticsMetric } from './analytics';

/** One stored per-minute count. `minute` is the ISO start of the UTC minute. */
export interface MinuteCount {
  minute: string;
  metric: AnalyticsMetric;
  /** Fractional for searches (weighted by 1 / sampleRate). */
  amount: number;
}

/** An event reduced to what the aggregates need. */
export interface AnalyticsChange {
  eventId: string;
  effects: AnalyticsEffects;
}

/** Storage of the analytics aggregates (`data/analytics-repository.ts` on SQLite or PostgreSQL). */
export interface AnalyticsRepository {
  /**
   * In one transaction: records each event id as processed by `analytics` and applies the effects of
   * those not processed before. Returns how many were new.
   */
  apply(changes: readonly AnalyticsChange[]): Promise<number>;
  /** Per-minute counts of minutes at or after `sinceMinute`. */
  counts(sinceMinute: string): Promise<MinuteCount[]>;
  /** The `limit` most counted queries in minutes at or after `sinceMinute`, most counted first, ties by text. */
  topQueries(sinceMinute: string, limit: number): Promise<{ value: string; count: number }[]>;
  /** Servers per current tier (only tiers that have servers). */
  tierCounts(): Promise<{ value: string; count: number }[]>;
  /** Deletes counts and queries of minutes before `beforeMinute`, and `analytics` processed-event rows older than `appliedBefore`. */
  prune(beforeMinute: string, appliedBefore: Date): Promise<number>;
}
