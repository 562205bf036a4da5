import { Migration } from '@mcpr/platform';

/** Initial trust schema (sqlite); generated from the entities by src/data/generate-migration.ts. */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql("create table `namespace_owner` (`name` text not null, `owner` text not null, primary key (`name`))");
    this.addSql("create table `outbox` (`seq` integer not null primary key autoincrement, `event_id` text not null, `type` text not null, `source` text not null, `occurred_at` datetime not null, `actor` text not null, `subject` text not null, `data` json not null, `trace_id` text null, `sent_at` datetime null)");
    this.addSql("create unique index `outbox_event_id_unique` on `outbox` (`event_id`)");
    this.addSql("create index `outbox_sent_at_index` on `outbox` (`sent_at`)");
    this.addSql("create table `processed_event` (`consumer` text not null, `event_id` text not null, `applied_at` datetime not null, primary key (`consumer`, `event_id`))");
    this.addSql("create table `publisher_key` (`id` text not null, `account` text not null, `public_key` text not null, `fingerprint` text not null, `created_by` text not null, `created_at` datetime not null, `revoked_at` datetime null, `revoked_by` text null, primary key (`id`))");
    this.addSql("create index `publisher_key_account_index` on `publisher_key` (`account`)");
    this.addSql("create index `publisher_key_fingerprint_index` on `publisher_key` (`fingerprint`)");
    this.addSql("create table `trust_server` (`id` text not null, `name` text not null, `namespace` text not null, `latest_version_id` text null, `installs` integer not null default 0, `tier` text not null default 'UNVERIFIED', `score` integer not null default 0, `reasons` json not null, `evaluated_version_id` text null, `tier_changed_at` datetime null, `created_at` datetime not null, `updated_at` datetime not null, primary key (`id`))");
    this.addSql("create unique index `trust_server_name_unique` on `trust_server` (`name`)");
    this.addSql("create index `trust_server_namespace_index` on `trust_server` (`namespace`)");
    this.addSql("create index `trust_server_tier_index` on `trust_server` (`tier`)");
    this.addSql("create table `tier_change` (`id` text not null, `server_id` text not null, `from_tier` text not null, `to_tier` text not null, `reason` text not null, `reasons` json not null, `version_id` text null, `version` text null, `event_id` text not null, `changed_at` datetime not null, constraint `tier_change_server_id_foreign` foreign key(`server_id`) references `trust_server`(`id`) on update cascade, primary key (`id`))");
    this.addSql("create index `tier_change_server_id_index` on `tier_change` (`server_id`)");
    this.addSql("create index `tier_change_server_id_changed_at_index` on `tier_change` (`server_id`, `changed_at`)");
    this.addSql("create table `scanned_version` (`id` text not null, `server_id` text not null, `version` text not null, `is_semver` integer not null, `status` text not null default 'ACTIVE', `published_at` datetime not null, `published_by` text not null, `manifest_digest` text not null, `manifest` json not null, `scan_status` text not null, `scan_score` integer not null, `findings` json not null, `tool_pins` json not null, `toolset_hash` text not null, `previous_version_id` text null, `previous_version` text null, `tool_changes` json null, `rug_pull` integer not null default false, `signature_key_id` text null, `scanned_at` datetime not null, constraint `scanned_version_server_id_foreign` foreign key(`server_id`) references `trust_server`(`id`) on update cascade, primary key (`id`))");
    this.addSql("create index `scanned_version_server_id_index` on `scanned_version` (`server_id`)");
    this.addSql("create index `scanned_version_scan_status_index` on `scanned_version` (`scan_status`)");
    this.addSql("create unique index `scanned_version_server_id_version_unique` on `scanned_version` (`server_id`, `version`)");
    this.addSql("create table `review` (`id` text not null, `server_id` text not null, `version_id` text not null, `reviewer` text not null, `verdict` text not null, `notes` text null, `created_at` datetime not null, `updated_at` datetime not null, constraint `review_server_id_foreign` foreign key(`server_id`) references `trust_server`(`id`) on update cascade, constraint `review_version_id_foreign` foreign key(`version_id`) references `scanned_version`(`id`) on update cascade, primary key (`id`))");
    this.addSql("create index `review_server_id_index` on `review` (`server_id`)");
    this.addSql("create index `review_version_id_index` on `review` (`version_id`)");
    this.addSql("create unique index `review_version_id_reviewer_unique` on `review` (`version_id`, `reviewer`)");
    this.addSql("create table `attestation` (`id` text not null, `server_id` text not null, `version_id` text not null, `attestor` text not null, `evidence_url` text not null, `recorded_by` text not null, `recorded_at` datetime not null, constraint `attestation_server_id_foreign` foreign key(`server_id`) references `trust_server`(`id`) on update cascade, constraint `attestation_version_id_foreign` foreign key(`version_id`) references `scanned_version`(`id`) on update cascade, primary key (`id`))");
    this.addSql("create index `attestation_server_id_index` on `attestation` (`server_id`)");
    this.addSql("create index `attestation_version_id_index` on `attestation` (`version_id`)");
    this.addSql("create unique index `attestation_version_id_attestor_unique` on `attestation` (`version_id`, `attestor`)");
    this.addSql("create table `advisory` (`id` text not null, `server_id` text not null, `affected_versions` text not null, `severity` text not null, `summary` text not null, `details` text null, `published_by` text not null, `published_at` datetime not null, constraint `advisory_server_id_foreign` foreign key(`server_id`) references `trust_server`(`id`) on update cascade, primary key (`id`))");
    this.addSql("create index `advisory_server_id_index` on `advisory` (`server_id`)");
  }
}
