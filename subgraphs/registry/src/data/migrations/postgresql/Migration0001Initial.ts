import { Migration } from '@mcpr/platform';

/** Initial registry schema (postgresql); generated from the entities by src/data/generate-migration.ts. */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql("create schema if not exists \"registry\"");
    this.addSql("create table \"registry\".\"account\" (\"id\" varchar(36) not null, \"handle\" varchar(100) not null, \"created_at\" timestamptz not null, constraint \"account_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"registry\".\"account\" add constraint \"account_handle_unique\" unique (\"handle\")");
    this.addSql("create table \"registry\".\"api_key\" (\"id\" varchar(36) not null, \"account_id\" varchar(36) not null, \"name\" varchar(100) not null, \"prefix\" varchar(16) not null, \"key_hash\" varchar(64) not null, \"scopes\" jsonb not null, \"namespaces\" jsonb null, \"is_admin\" boolean not null default false, \"expires_at\" timestamptz null, \"revoked_at\" timestamptz null, \"last_used_at\" timestamptz null, \"rotated_from_id\" varchar(36) null, \"created_at\" timestamptz not null, constraint \"api_key_pkey\" primary key (\"id\"))");
    this.addSql("create index \"api_key_account_id_index\" on \"registry\".\"api_key\" (\"account_id\")");
    this.addSql("alter table \"registry\".\"api_key\" add constraint \"api_key_key_hash_unique\" unique (\"key_hash\")");
    this.addSql("create index \"api_key_is_admin_index\" on \"registry\".\"api_key\" (\"is_admin\")");
    this.addSql("create table \"registry\".\"namespace\" (\"id\" varchar(36) not null, \"name\" varchar(200) not null, \"owner_id\" varchar(36) not null, \"created_at\" timestamptz not null, constraint \"namespace_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"registry\".\"namespace\" add constraint \"namespace_name_unique\" unique (\"name\")");
    this.addSql("create index \"namespace_owner_id_index\" on \"registry\".\"namespace\" (\"owner_id\")");
    this.addSql("create table \"registry\".\"outbox\" (\"seq\" serial primary key, \"event_id\" varchar(36) not null, \"type\" varchar(100) not null, \"source\" varchar(50) not null, \"occurred_at\" timestamptz not null, \"actor\" varchar(200) not null, \"subject\" varchar(300) not null, \"data\" jsonb not null, \"trace_id\" varchar(64) null, \"sent_at\" timestamptz null)");
    this.addSql("alter table \"registry\".\"outbox\" add constraint \"outbox_event_id_unique\" unique (\"event_id\")");
    this.addSql("create index \"outbox_sent_at_index\" on \"registry\".\"outbox\" (\"sent_at\")");
    this.addSql("create table \"registry\".\"processed_event\" (\"consumer\" varchar(64) not null, \"event_id\" varchar(36) not null, \"applied_at\" timestamptz not null, constraint \"processed_event_pkey\" primary key (\"consumer\", \"event_id\"))");
    this.addSql("create table \"registry\".\"server\" (\"id\" varchar(36) not null, \"name\" varchar(300) not null, \"namespace_id\" varchar(36) not null, \"title\" varchar(300) null, \"description\" text not null, \"website_url\" varchar(2000) null, \"repository\" jsonb null, \"status\" varchar(16) not null default 'ACTIVE', \"latest_version_id\" varchar(36) null, \"install_count\" int not null default 0, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, constraint \"server_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"registry\".\"server\" add constraint \"server_name_unique\" unique (\"name\")");
    this.addSql("create index \"server_namespace_id_index\" on \"registry\".\"server\" (\"namespace_id\")");
    this.addSql("create index \"server_status_index\" on \"registry\".\"server\" (\"status\")");
    this.addSql("create index \"server_updated_at_index\" on \"registry\".\"server\" (\"updated_at\")");
    this.addSql("create table \"registry\".\"remote_url\" (\"url\" varchar(2000) not null, \"server_id\" varchar(36) not null, \"claimed_at\" timestamptz not null, constraint \"remote_url_pkey\" primary key (\"url\"))");
    this.addSql("create index \"remote_url_server_id_index\" on \"registry\".\"remote_url\" (\"server_id\")");
    this.addSql("create table \"registry\".\"install\" (\"id\" varchar(36) not null, \"server_id\" varchar(36) not null, \"version_id\" varchar(36) null, \"client\" varchar(100) null, \"created_at\" timestamptz not null, constraint \"install_pkey\" primary key (\"id\"))");
    this.addSql("create index \"install_server_id_index\" on \"registry\".\"install\" (\"server_id\")");
    this.addSql("create table \"registry\".\"server_version\" (\"id\" varchar(36) not null, \"server_id\" varchar(36) not null, \"version\" varchar(255) not null, \"is_semver\" boolean not null, \"is_latest\" boolean not null default false, \"status\" varchar(16) not null default 'ACTIVE', \"status_message\" text null, \"published_at\" timestamptz not null, \"published_by\" varchar(100) not null, \"manifest_digest\" varchar(64) not null, \"manifest\" jsonb not null, constraint \"server_version_pkey\" primary key (\"id\"))");
    this.addSql("create index \"server_version_server_id_is_latest_index\" on \"registry\".\"server_version\" (\"server_id\", \"is_latest\")");
    this.addSql("alter table \"registry\".\"server_version\" add constraint \"server_version_server_id_version_unique\" unique (\"server_id\", \"version\")");
    this.addSql("create table \"registry\".\"tool\" (\"id\" varchar(36) not null, \"version_id\" varchar(36) not null, \"position\" int not null, \"name\" varchar(200) not null, \"title\" varchar(300) null, \"description\" text not null, \"input_schema\" jsonb not null, \"output_schema\" jsonb null, \"annotations\" jsonb null, constraint \"tool_pkey\" primary key (\"id\"))");
    this.addSql("create index \"tool_version_id_index\" on \"registry\".\"tool\" (\"version_id\")");
    this.addSql("alter table \"registry\".\"api_key\" add constraint \"api_key_account_id_foreign\" foreign key (\"account_id\") references \"registry\".\"account\" (\"id\") on update cascade");
    this.addSql("alter table \"registry\".\"namespace\" add constraint \"namespace_owner_id_foreign\" foreign key (\"owner_id\") references \"registry\".\"account\" (\"id\") on update cascade");
    this.addSql("alter table \"registry\".\"server\" add constraint \"server_namespace_id_foreign\" foreign key (\"namespace_id\") references \"registry\".\"namespace\" (\"id\") on update cascade");
    this.addSql("alter table \"registry\".\"remote_url\" add constraint \"remote_url_server_id_foreign\" foreign key (\"server_id\") references \"registry\".\"server\" (\"id\") on update cascade");
    this.addSql("alter table \"registry\".\"install\" add constraint \"install_server_id_foreign\" foreign key (\"server_id\") references \"registry\".\"server\" (\"id\") on update cascade");
    this.addSql("alter table \"registry\".\"server_version\" add constraint \"server_version_server_id_foreign\" foreign key (\"server_id\") references \"registry\".\"server\" (\"id\") on update cascade");
    this.addSql("alter table \"registry\".\"tool\" add constraint \"tool_version_id_foreign\" foreign key (\"version_id\") references \"registry\".\"server_version\" (\"id\") on update cascade");
  }
}
