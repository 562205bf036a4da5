import { Migration } from '@mcpr/platform';

/**
 * Analytics aggregates (PostgreSQL): per-minute metric counts, per-minute query counts and the current
 * tier of every server. Mutable counters, outside the append-only log.
 */
export class Migration0002Analytics extends Migration {
  override up(): void {
    this.addSql(
      'create table "audit"."analytics_minute" ("minute" varchar(24) not null, "metric" varchar(32) not null, "amount" double precision not null, constraint "analytics_minute_pkey" primary key ("minute", "metric"))',
    );
    this.addSql(
      'create table "audit"."analytics_query" ("minute" varchar(24) not null, "query" varchar(200) not null, "amount" double precision not null, constraint "analytics_query_pkey" primary key ("minute", "query"))',
    );
    this.addSql(
      'create table "audit"."analytics_server_tier" ("server_name" varchar(300) not null, "tier" varchar(32) not null, "changed_at" varchar(24) not null, constraint "analytics_server_tier_pkey" primary key ("server_name"))',
    );
    this.addSql('create index "analytics_server_tier_tier_index" on "audit"."analytics_server_tier" ("tier")');
    this.addSql(
      'create index "processed_event_consumer_applied_at_index" on "audit"."processed_event" ("consumer", "applied_at")',
    );
  }
}
