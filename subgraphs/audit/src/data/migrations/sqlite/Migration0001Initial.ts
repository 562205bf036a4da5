import { Migration } from '@mcpr/platform';

/** Tables of the append-only log; UPDATE and DELETE on them are refused by triggers. */
export const APPEND_ONLY_TABLES = ['audit_entry', 'audit_merkle_node', 'audit_checkpoint'] as const;

/**
 * Initial audit schema (SQLite). Derived from the entities' DDL with three hand changes: `idx` of
 * audit_entry is an INTEGER PRIMARY KEY (the rowid, no second index), the node table is WITHOUT ROWID
 * (its primary key is its only access path), and triggers make the log's tables append-only.
 */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql(
      'create table `audit_entry` (`idx` integer not null primary key, `event_id` text not null, `type` text not null, `source` text not null, `occurred_at` text not null, `actor` text not null, `subject` text not null, `data` text not null, `server_name` text null, `server_id` text null, `version_id` text null, `appended_at` datetime not null)',
    );
    this.addSql('create unique index `audit_entry_event_id_unique` on `audit_entry` (`event_id`)');
    this.addSql('create index `audit_entry_occurred_at_index` on `audit_entry` (`occurred_at`)');
    this.addSql('create index `audit_entry_server_name_idx_index` on `audit_entry` (`server_name`, `idx`)');
    this.addSql('create index `audit_entry_version_id_idx_index` on `audit_entry` (`version_id`, `idx`)');
    this.addSql('create index `audit_entry_actor_idx_index` on `audit_entry` (`actor`, `idx`)');
    this.addSql('create index `audit_entry_subject_idx_index` on `audit_entry` (`subject`, `idx`)');
    this.addSql('create index `audit_entry_type_idx_index` on `audit_entry` (`type`, `idx`)');
    this.addSql(
      'create table `audit_merkle_node` (`level` integer not null, `idx` bigint not null, `hash` blob not null, primary key (`level`, `idx`)) without rowid',
    );
    this.addSql(
      'create table `audit_tree_head` (`id` integer not null, `size` bigint not null, `updated_at` datetime not null, primary key (`id`))',
    );
    this.addSql("insert into `audit_tree_head` (`id`, `size`, `updated_at`) values (1, 0, 0)");
    this.addSql(
      'create table `audit_checkpoint` (`id` integer not null primary key autoincrement, `tree_size` bigint not null, `root_hash` text not null, `origin` text not null, `note` text not null, `signature` text not null, `key_id` text not null, `issued_at` datetime not null)',
    );
    this.addSql('create index `audit_checkpoint_tree_size_index` on `audit_checkpoint` (`tree_size`)');
    this.addSql(
      'create unique index `audit_checkpoint_tree_size_key_id_unique` on `audit_checkpoint` (`tree_size`, `key_id`)',
    );
    this.addSql(
      'create table `audit_signing_key` (`key_id` text not null, `public_key` text not null, `valid_from` datetime not null, `valid_until` datetime null, primary key (`key_id`))',
    );
    this.addSql(
      'create table `audit_security_window` (`id` integer not null primary key autoincrement, `type` text not null, `subject` text not null, `window_start` text not null, `count` integer not null, `source` text not null, `actor` text not null, `first_event_id` text not null, `first_at` text not null, `last_at` text not null, `sample` text not null)',
    );
    this.addSql(
      'create index `audit_security_window_window_start_index` on `audit_security_window` (`window_start`)',
    );
    this.addSql(
      'create unique index `audit_security_window_type_subject_window_start_unique` on `audit_security_window` (`type`, `subject`, `window_start`)',
    );
    this.addSql(
      'create table `processed_event` (`consumer` text not null, `event_id` text not null, `applied_at` datetime not null, primary key (`consumer`, `event_id`))',
    );
    for (const table of APPEND_ONLY_TABLES) {
      for (const operation of ['update', 'delete']) {
        this.addSql(
          `create trigger \`${table}_no_${operation}\` before ${operation} on \`${table}\` begin select raise(abort, '${table} is append-only: ${operation} refused'); end`,
        );
      }
    }
  }
}
