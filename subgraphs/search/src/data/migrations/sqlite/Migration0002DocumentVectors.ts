import { Migration } from '@mcpr/platform';

/** Document vectors by content hash (sqlite). */
export class Migration0002DocumentVectors extends Migration {
  override up(): void {
    this.addSql(
      'create table `search_document_vector` (`hash` text not null, `vector` blob not null, primary key (`hash`))',
    );
  }
}
