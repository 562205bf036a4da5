import { Migration } from '@mcpr/platform';

/** Initial registry schema (sqlite); generated from the entities by src/data/generate-migration.ts. */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql("create table `account` (`id` text not null, `handle` text not null, `created_at` datetime not null, primary key (`id`))");
    this.addSql("create unique index `account_handle_unique` on `account` (`handle`)");
    this.addSql("create table `api_key` (`id` text not null, `account_id` text not null, `name` text not null, `prefix` text not null, `key_hash` text not null, `scopes` json not null, `namespaces` json null, `is_admin` integer not null default false, `expires_at` datetime null, `revoked_at` datetime null, `last_used_at` datetime null, `rotated_from_id` text null, `created_at` datetime not null, constraint `api_key_account_id_foreign` foreign key(`account_id`) references `account`(`id`) on update cascade, primary key (`id`))");
    this.addSql("create index `api_key_account_id_index` on `api_key` (`account_id`)");
    this.addSql("create unique index `api_key_key_hash_unique` on `api_key` (`key_hash`)");
    this.addSql("create index `api_key_is_admin_index` on `api_key` (`is_admin`)");
    this.addSql("create table `namespace` (`id` text not null, `name` text not null, `owner_id` text not null, `created_at` datetime not null, constraint `namespace_owner_id_foreign` foreign key(`owner_id`) references `account`(`id`) on update cascade, primary key (`id`))");
    this.addSql("create unique index `namespace_name_unique` on `namespace` (`name`)");
    this.addSql("create index `namespace_owner_id_index` on `namespace` (`owner_id`)");
    this.addSql("create table `outbox` (`seq` integer not null primary key autoincrement, `event_id` text not null, `type` text not null, `source` text not null, `occurred_at` datetime not null, `actor` text not null, `subject` text not null, `data` json not null, `trace_id` text null, `sent_at` datetime null)");
    this.addSql("create unique index `outbox_event_id_unique` on `outbox` (`event_id`)");
    this.addSql("create index `outbox_sent_at_index` on `outbox` (`sent_at`)");
    this.addSql("create table `processed_event` (`consumer` text not null, `event_id` text not null, `applied_at` datetime not null, primary key (`consumer`, `event_id`))");
    this.addSql("create table `server` (`id` text not null, `name` text not null, `namespace_id` text not null, `title` text null, `description` text not null, `website_url` text null, `repository` json null, `status` text not null default 'ACTIVE', `latest_version_id` text null, `install_count` integer not null default 0, `created_at` datetime not null, `updated_at` datetime not null, constraint `server_namespace_id_foreign` foreign key(`namespace_id`) references `namespace`(`id`) on update cascade, primary key (`id`))");
    this.addSql("create unique index `server_name_unique` on `server` (`name`)");
    this.addSql("create index `server_namespace_id_index` on `server` (`namespace_id`)");
    this.addSql("create index `server_status_index` on `server` (`status`)");
    this.addSql("create index `server_updated_at_index` on `server` (`updated_at`)");
    this.addSql("create table `remote_url` (`url` text not null, `server_id` text not null, `claimed_at` datetime not null, constraint `remote_url_server_id_foreign` foreign key(`server_id`) references `server`(`id`) on update cascade, primary key (`url`))");
    this.addSql("create index `remote_url_server_id_index` on `remote_url` (`server_id`)");
    this.addSql("create table `install` (`id` text not null, `server_id` text not null, `version_id` text null, `client` text null, `created_at` datetime not null, constraint `install_server_id_foreign` foreign key(`server_id`) references `server`(`id`) on update cascade, primary key (`id`))");
    this.addSql("create index `install_server_id_index` on `install` (`server_id`)");
    this.addSql("create table `server_version` (`id` text not null, `server_id` text not null, `version` text not null, `is_semver` integer not null, `is_latest` integer not null default false, `status` text not null default 'ACTIVE', `status_message` text null, `published_at` datetime not null, `published_by` text not null, `manifest_digest` text not null, `manifest` json not null, constraint `server_version_server_id_foreign` foreign key(`server_id`) references `server`(`id`) on update cascade, primary key (`id`))");
    this.addSql("create index `server_version_server_id_index` on `server_version` (`server_id`)");
    this.addSql("create index `server_version_server_id_is_latest_index` on `server_version` (`server_id`, `is_latest`)");
    this.addSql("create unique index `server_version_server_id_version_unique` on `server_version` (`server_id`, `version`)");
    this.addSql("create table `tool` (`id` text not null, `version_id` text not null, `position` integer not null, `name` text not null, `title` text null, `description` text not null, `input_schema` json not null, `output_schema` json null, `annotations` json null, constraint `tool_version_id_foreign` foreign key(`version_id`) references `server_version`(`id`) on update cascade, primary key (`id`))");
    this.addSql("create index `tool_version_id_index` on `tool` (`version_id`)");
  }
}
