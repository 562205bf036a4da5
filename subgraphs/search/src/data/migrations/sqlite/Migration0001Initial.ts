import { Migration } from '@mcpr/platform';

/** Initial search schema (sqlite). */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql(
      'create table `search_server_state` (`name` text not null, `state` text not null, `updated_at` datetime not null, primary key (`name`))',
    );
  }
}
