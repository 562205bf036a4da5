import type { Orm } from '@mcpr/platform';
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
        const bytes = Uint8Array.from(row.vector);
        out.set(row.hash, new Float32Array(bytes.buffer, 0, bytes.byteLength / 4));
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
