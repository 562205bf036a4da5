import { Migration } from '@mcpr/platform';

const APPEND_ONLY_TABLES = ['audit_entry', 'audit_merkle_node', 'audit_checkpoint'] as const;

/**
 * Initial audit schema (PostgreSQL), from the entities' DDL, plus the tree-head row and triggers that
 * refuse UPDATE, DELETE and TRUNCATE on the log's tables whoever connects (the application role
 * included): rewriting history needs `ALTER TABLE ... DISABLE TRIGGER`, i.e. the table owner, and leaves
 * the proofs broken anyway.
 */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql('create schema if not exists "audit"');
    this.addSql(
      'create table "audit"."audit_entry" ("idx" bigint not null, "event_id" varchar(64) not null, "type" varchar(100) not null, "source" varchar(50) not null, "occurred_at" varchar(24) not null, "actor" varchar(200) not null, "subject" varchar(300) not null, "data" text not null, "server_name" varchar(300) null, "server_id" varchar(64) null, "version_id" varchar(64) null, "appended_at" timestamptz not null, constraint "audit_entry_pkey" primary key ("idx"))',
    );
    this.addSql(
      'alter table "audit"."audit_entry" add constraint "audit_entry_event_id_unique" unique ("event_id")',
    );
    this.addSql('create index "audit_entry_occurred_at_index" on "audit"."audit_entry" ("occurred_at")');
    this.addSql(
      'create index "audit_entry_server_name_idx_index" on "audit"."audit_entry" ("server_name", "idx")',
    );
    this.addSql(
      'create index "audit_entry_version_id_idx_index" on "audit"."audit_entry" ("version_id", "idx")',
    );
    this.addSql('create index "audit_entry_actor_idx_index" on "audit"."audit_entry" ("actor", "idx")');
    this.addSql('create index "audit_entry_subject_idx_index" on "audit"."audit_entry" ("subject", "idx")');
    this.addSql('create index "audit_entry_type_idx_index" on "audit"."audit_entry" ("type", "idx")');
    this.addSql(
      'create table "audit"."audit_merkle_node" ("level" smallint not null, "idx" bigint not null, "hash" bytea not null, constraint "audit_merkle_node_pkey" primary key ("level", "idx"))',
    );
    this.addSql(
      'create table "audit"."audit_tree_head" ("id" smallint not null, "size" bigint not null, "updated_at" timestamptz not null, constraint "audit_tree_head_pkey" primary key ("id"))',
    );
    this.addSql('insert into "audit"."audit_tree_head" ("id", "size", "updated_at") values (1, 0, now())');
    this.addSql(
      'create table "audit"."audit_checkpoint" ("id" serial primary key, "tree_size" bigint not null, "root_hash" varchar(64) not null, "origin" varchar(200) not null, "note" text not null, "signature" varchar(100) not null, "key_id" varchar(16) not null, "issued_at" timestamptz not null)',
    );
    this.addSql('create index "audit_checkpoint_tree_size_index" on "audit"."audit_checkpoint" ("tree_size")');
    this.addSql(
      'alter table "audit"."audit_checkpoint" add constraint "audit_checkpoint_tree_size_key_id_unique" unique ("tree_size", "key_id")',
    );
    this.addSql(
      'create table "audit"."audit_signing_key" ("key_id" varchar(16) not null, "public_key" varchar(44) not null, "valid_from" timestamptz not null, "valid_until" timestamptz null, constraint "audit_signing_key_pkey" primary key ("key_id"))',
    );
    this.addSql(
      'create table "audit"."audit_security_window" ("id" serial primary key, "type" varchar(100) not null, "subject" varchar(300) not null, "window_start" varchar(24) not null, "count" int not null, "source" varchar(50) not null, "actor" varchar(200) not null, "first_event_id" varchar(64) not null, "first_at" varchar(24) not null, "last_at" varchar(24) not null, "sample" text not null)',
    );
    this.addSql(
      'create index "audit_security_window_window_start_index" on "audit"."audit_security_window" ("window_start")',
    );
    this.addSql(
      'alter table "audit"."audit_security_window" add constraint "audit_security_window_type_subject_window_start_unique" unique ("type", "subject", "window_start")',
    );
    this.addSql(
      'create table "audit"."processed_event" ("consumer" varchar(64) not null, "event_id" varchar(36) not null, "applied_at" timestamptz not null, constraint "processed_event_pkey" primary key ("consumer", "event_id"))',
    );
    this.addSql(
      `create or replace function "audit"."audit_refuse_change"() returns trigger language plpgsql as $$ begin raise exception 'audit: % on %.% is refused: the audit log is append-only', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME using errcode = 'insufficient_privilege'; end $$`,
    );
    for (const table of APPEND_ONLY_TABLES) {
      this.addSql(
        `create trigger "${table}_append_only" before update or delete on "audit"."${table}" for each row execute function "audit"."audit_refuse_change"()`,
      );
      this.addSql(
        `create trigger "${table}_no_truncate" before truncate on "audit"."${table}" for each statement execute function "audit"."audit_refuse_change"()`,
      );
    }
  }
}
