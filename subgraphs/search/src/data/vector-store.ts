import { blobToBuffer, type Orm } from '@mcpr/platform';
import type { VectorStore } from '../domain/embedder';
import { DocumentVectorEntity } from './document-vector.entity';

/** Document vectors in the search database, so a restart (or an unchanged tool) never re-embeds. */
export class OrmVectorStore implements VectorStore {
  constructor(private readonly orm: Orm) {}

  async getMany(hashes: string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    const em = this.orm.em.fork({ disableContextResolution: true });
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = await em.find(DocumentVectorEntity, { hash: { $in: hashes.slice(i, i + 500) } });
      for (const row of rows) {
        const vector = float32Of(row.vector);
        // A damaged row counts as missing: the text is embedded again and the row overwritten.
        if (vector) out.set(row.hash, vector);
      }
    }
    return out;
  }

  async putMany(entries: { hash: string; vector: Float32Array }[]): Promise<void> {
    if (entries.length === 0) return;
    const em = this.orm.em.fork({ disableContextResolution: true });
    await em.upsertMany(
      DocumentVectorEntity,
      entries.map((e) => ({
        hash: e.hash,
        vector: Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength),
      })),
    );
  }
}

/**
 * The float32 components of a stored blob in their own aligned buffer, or undefined when the blob cannot be
 * a vector. (Reading libsql's ArrayBuffer with `Uint8Array.from` once made every vector read back on SQLite
 * zero-length, so after a restart the vector leg was empty.)
 */
export function float32Of(blob: unknown): Float32Array | undefined {
  const bytes = blobToBuffer(blob);
  if (bytes.byteLength === 0 || bytes.byteLength % 4 !== 0) return undefined;
  // A copy: a Buffer may be a view into a shared pool at an unaligned offset.
  return new Float32Array(new Uint8Array(bytes).buffer);
}
