import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Tables of the analytics aggregates (`Migration0002Analytics`). Unlike the log they are mutable
 * counters: upserted by the `analytics` consumer and pruned after the retention. The repository
 * (`analytics-repository.ts`) uses raw SQL; these entities document the layout.
 */

/** One metric's count in one UTC minute (`minute` = ISO start of the minute). */
@Entity({ tableName: 'analytics_minute' })
export class AnalyticsMinuteRow {
  @PrimaryKey({ type: 'string', length: 24 })
  minute!: string;

  /** `publishes`, `installs`, `searches` or `authFailures`. */
  @PrimaryKey({ type: 'string', length: 32 })
  metric!: string;

  /** Fractional for searches (each sample weighs 1 / sampleRate). */
  @Property({ type: 'double' })
  amount!: number;
}

/** How often a normalised query was searched in one UTC minute (at most 500 distinct per minute). */
@Entity({ tableName: 'analytics_query' })
export class AnalyticsQueryRow {
  @PrimaryKey({ type: 'string', length: 24 })
  minute!: string;

  @PrimaryKey({ type: 'string', length: 200 })
  query!: string;

  @Property({ type: 'double' })
  amount!: number;
}

/** The current trust tier of a server (for the tier distribution). */
@Entity({ tableName: 'analytics_server_tier' })
export class AnalyticsServerTierRow {
  @PrimaryKey({ type: 'string', length: 300 })
  serverName!: string;

  @Property({ type: 'string', length: 32 })
  tier!: string;

  /** `occurredAt` of the tier.changed that set it; empty for the UNVERIFIED default of server.created. */
  @Property({ type: 'string', length: 24 })
  changedAt!: string;
}

export const analyticsEntities = [AnalyticsMinuteRow, AnalyticsQueryRow, AnalyticsServerTierRow];
