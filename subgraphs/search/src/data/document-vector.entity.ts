import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A document text's vector, keyed by the content hash of (embedder id, normalised text): embedded once. */
@Entity({ tableName: 'search_document_vector' })
export class DocumentVectorEntity {
  @PrimaryKey({ type: 'string', length: 64 })
  hash!: string;

  /** Little-endian float32 components: written as a Buffer, read back by libsql as an ArrayBuffer. */
  @Property({ type: 'blob' })
  vector!: Buffer | ArrayBuffer;
}
