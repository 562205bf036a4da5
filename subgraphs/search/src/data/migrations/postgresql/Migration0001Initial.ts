import { Migration } from '@mcpr/platform';

/** Initial search schema (postgresql). */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql('create schema if not exists "search"');
    this.addSql(
      'create table "search"."search_server_state" ("name" varchar(300) not null, "state" text not null, "updated_at" timestamptz not null, constraint "search_server_state_pkey" primary key ("name"))',
    );
  }
}
