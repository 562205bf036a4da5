import { Migration } from '@mcpr/platform';

/**
 * Analytics aggregates (SQLite): per-minute metric counts, per-minute query counts and the current tier
 * of every server. Mutable counters, outside the append-only log. Primary keys double as the indexes
 * the reads use (range scans by minute, lookups by server).
 */
export class Migration0002Analytics extends Migration {
  override up(): void {
    this.addSql(
      'create table `analytics_minute` (`minute` text not null, `metric` text not null, `amount` real not null, primary key (`minute`, `metric`)) without rowid',
    );
    this.addSql(
      'create table `analytics_query` (`minute` text not null, `query` text not null, `amount` real not null, primary key (`minute`, `query`)) without rowid',
    );
    this.addSql(
      'create table `analytics_server_tier` (`server_name` text not null, `tier` text not null, `changed_at` text not null, primary key (`server_name`)) without rowid',
    );
    this.addSql('create index `analytics_server_tier_tier_index` on `analytics_server_tier` (`tier`)');
    this.addSql(
      'create index `processed_event_consumer_applied_at_index` on `processed_event` (`consumer`, `applied_at`)',
    );
  }
}
