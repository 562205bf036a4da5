import { Migration } from '@mcpr/platform';

/** Initial trust schema (postgresql); generated from the entities by src/data/generate-migration.ts. */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql("create schema if not exists \"trust\"");
    this.addSql("create table \"trust\".\"namespace_owner\" (\"name\" varchar(200) not null, \"owner\" varchar(200) not null, constraint \"namespace_owner_pkey\" primary key (\"name\"))");
    this.addSql("create table \"trust\".\"outbox\" (\"seq\" serial primary key, \"event_id\" varchar(36) not null, \"type\" varchar(100) not null, \"source\" varchar(50) not null, \"occurred_at\" timestamptz not null, \"actor\" varchar(200) not null, \"subject\" varchar(300) not null, \"data\" jsonb not null, \"trace_id\" varchar(64) null, \"sent_at\" timestamptz null)");
    this.addSql("alter table \"trust\".\"outbox\" add constraint \"outbox_event_id_unique\" unique (\"event_id\")");
    this.addSql("create index \"outbox_sent_at_index\" on \"trust\".\"outbox\" (\"sent_at\")");
    this.addSql("create table \"trust\".\"processed_event\" (\"consumer\" varchar(64) not null, \"event_id\" varchar(36) not null, \"applied_at\" timestamptz not null, constraint \"processed_event_pkey\" primary key (\"consumer\", \"event_id\"))");
    this.addSql("create table \"trust\".\"publisher_key\" (\"id\" varchar(36) not null, \"account\" varchar(200) not null, \"public_key\" varchar(64) not null, \"fingerprint\" varchar(64) not null, \"created_by\" varchar(200) not null, \"created_at\" timestamptz not null, \"revoked_at\" timestamptz null, \"revoked_by\" varchar(200) null, constraint \"publisher_key_pkey\" primary key (\"id\"))");
    this.addSql("create index \"publisher_key_account_index\" on \"trust\".\"publisher_key\" (\"account\")");
    this.addSql("create index \"publisher_key_fingerprint_index\" on \"trust\".\"publisher_key\" (\"fingerprint\")");
    this.addSql("create table \"trust\".\"trust_server\" (\"id\" varchar(36) not null, \"name\" varchar(300) not null, \"namespace\" varchar(200) not null, \"latest_version_id\" varchar(36) null, \"installs\" int not null default 0, \"tier\" varchar(32) not null default 'UNVERIFIED', \"score\" int not null default 0, \"reasons\" jsonb not null, \"evaluated_version_id\" varchar(36) null, \"tier_changed_at\" timestamptz null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, constraint \"trust_server_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"trust\".\"trust_server\" add constraint \"trust_server_name_unique\" unique (\"name\")");
    this.addSql("create index \"trust_server_namespace_index\" on \"trust\".\"trust_server\" (\"namespace\")");
    this.addSql("create index \"trust_server_tier_index\" on \"trust\".\"trust_server\" (\"tier\")");
    this.addSql("create table \"trust\".\"tier_change\" (\"id\" varchar(36) not null, \"server_id\" varchar(36) not null, \"from_tier\" varchar(32) not null, \"to_tier\" varchar(32) not null, \"reason\" text not null, \"reasons\" jsonb not null, \"version_id\" varchar(36) null, \"version\" varchar(255) null, \"event_id\" varchar(36) not null, \"changed_at\" timestamptz not null, constraint \"tier_change_pkey\" primary key (\"id\"))");
    this.addSql("create index \"tier_change_server_id_changed_at_index\" on \"trust\".\"tier_change\" (\"server_id\", \"changed_at\")");
    this.addSql("create table \"trust\".\"scanned_version\" (\"id\" varchar(36) not null, \"server_id\" varchar(36) not null, \"version\" varchar(255) not null, \"is_semver\" boolean not null, \"status\" varchar(16) not null default 'ACTIVE', \"published_at\" timestamptz not null, \"published_by\" varchar(200) not null, \"manifest_digest\" varchar(64) not null, \"manifest\" jsonb not null, \"scan_status\" varchar(16) not null, \"scan_score\" int not null, \"findings\" jsonb not null, \"tool_pins\" jsonb not null, \"toolset_hash\" varchar(64) not null, \"previous_version_id\" varchar(36) null, \"previous_version\" varchar(255) null, \"tool_changes\" jsonb null, \"rug_pull\" boolean not null default false, \"signature_key_id\" varchar(256) null, \"scanned_at\" timestamptz not null, constraint \"scanned_version_pkey\" primary key (\"id\"))");
    this.addSql("create index \"scanned_version_server_id_index\" on \"trust\".\"scanned_version\" (\"server_id\")");
    this.addSql("create index \"scanned_version_scan_status_index\" on \"trust\".\"scanned_version\" (\"scan_status\")");
    this.addSql("alter table \"trust\".\"scanned_version\" add constraint \"scanned_version_server_id_version_unique\" unique (\"server_id\", \"version\")");
    this.addSql("create table \"trust\".\"review\" (\"id\" varchar(36) not null, \"server_id\" varchar(36) not null, \"version_id\" varchar(36) not null, \"reviewer\" varchar(200) not null, \"verdict\" varchar(16) not null, \"notes\" text null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, constraint \"review_pkey\" primary key (\"id\"))");
    this.addSql("create index \"review_server_id_index\" on \"trust\".\"review\" (\"server_id\")");
    this.addSql("create index \"review_version_id_index\" on \"trust\".\"review\" (\"version_id\")");
    this.addSql("alter table \"trust\".\"review\" add constraint \"review_version_id_reviewer_unique\" unique (\"version_id\", \"reviewer\")");
    this.addSql("create table \"trust\".\"attestation\" (\"id\" varchar(36) not null, \"server_id\" varchar(36) not null, \"version_id\" varchar(36) not null, \"attestor\" varchar(200) not null, \"evidence_url\" varchar(2000) not null, \"recorded_by\" varchar(200) not null, \"recorded_at\" timestamptz not null, constraint \"attestation_pkey\" primary key (\"id\"))");
    this.addSql("create index \"attestation_server_id_index\" on \"trust\".\"attestation\" (\"server_id\")");
    this.addSql("create index \"attestation_version_id_index\" on \"trust\".\"attestation\" (\"version_id\")");
    this.addSql("alter table \"trust\".\"attestation\" add constraint \"attestation_version_id_attestor_unique\" unique (\"version_id\", \"attestor\")");
    this.addSql("create table \"trust\".\"advisory\" (\"id\" varchar(36) not null, \"server_id\" varchar(36) not null, \"affected_versions\" varchar(500) not null, \"severity\" varchar(16) not null, \"summary\" varchar(500) not null, \"details\" text null, \"published_by\" varchar(200) not null, \"published_at\" timestamptz not null, constraint \"advisory_pkey\" primary key (\"id\"))");
    this.addSql("create index \"advisory_server_id_index\" on \"trust\".\"advisory\" (\"server_id\")");
    this.addSql("alter table \"trust\".\"tier_change\" add constraint \"tier_change_server_id_foreign\" foreign key (\"server_id\") references \"trust\".\"trust_server\" (\"id\") on update cascade");
    this.addSql("alter table \"trust\".\"scanned_version\" add constraint \"scanned_version_server_id_foreign\" foreign key (\"server_id\") references \"trust\".\"trust_server\" (\"id\") on update cascade");
    this.addSql("alter table \"trust\".\"review\" add constraint \"review_server_id_foreign\" foreign key (\"server_id\") references \"trust\".\"trust_server\" (\"id\") on update cascade");
    this.addSql("alter table \"trust\".\"review\" add constraint \"review_version_id_foreign\" foreign key (\"version_id\") references \"trust\".\"scanned_version\" (\"id\") on update cascade");
    this.addSql("alter table \"trust\".\"attestation\" add constraint \"attestation_server_id_foreign\" foreign key (\"server_id\") references \"trust\".\"trust_server\" (\"id\") on update cascade");
    this.addSql("alter table \"trust\".\"attestation\" add constraint \"attestation_version_id_foreign\" foreign key (\"version_id\") references \"trust\".\"scanned_version\" (\"id\") on update cascade");
    this.addSql("alter table \"trust\".\"advisory\" add constraint \"advisory_server_id_foreign\" foreign key (\"server_id\") references \"trust\".\"trust_server\" (\"id\") on update cascade");
  }
}
