import { Migration } from '@mcpr/platform';

/** Document vectors by content hash (postgresql). */
export class Migration0002DocumentVectors extends Migration {
  override up(): void {
    this.addSql(
      'create table "search"."search_document_vector" ("hash" varchar(64) not null, "vector" bytea not null, constraint "search_document_vector_pkey" primary key ("hash"))',
    );
  }
}
