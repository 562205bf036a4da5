/**
 * Benchmark-only: persists every vector an embedder computes under `bench/results/embeddings/` (gitignored),
 * so re-runs skip the model. The search service's own caches still run on top of it.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Embedder, EmbedPurpose } from '../../subgraphs/search/src/domain/embedder';

export const RESULTS_DIR = join(__dirname, '../results');

export class DiskCachedEmbedder implements Embedder {
  readonly id: string;
  readonly dimension: number;
  private readonly cache = new Map<string, Float32Array>();
  private readonly file: string;
  computed = 0;

  constructor(private readonly inner: Embedder) {
    this.id = inner.id;
    this.dimension = inner.dimension;
    this.file = join(RESULTS_DIR, 'embeddings', `${inner.id}.bin`);
    mkdirSync(dirname(this.file), { recursive: true });
    if (existsSync(this.file)) {
      const buf = readFileSync(this.file);
      const rec = 32 + 4 * this.dimension;
      for (let off = 0; off + rec <= buf.length; off += rec) {
        const key = buf.subarray(off, off + 32).toString('hex');
        const v = new Float32Array(this.dimension);
        for (let i = 0; i < this.dimension; i++) v[i] = buf.readFloatLE(off + 32 + 4 * i);
        this.cache.set(key, v);
      }
    }
  }

  private key(text: string, purpose: EmbedPurpose): string {
    return createHash('sha256').update(purpose).update('\0').update(text).digest('hex');
  }

  async embed(texts: string[], purpose: EmbedPurpose): Promise<Float32Array[]> {
    const keys = texts.map((t) => this.key(t, purpose));
    const missing: number[] = [];
    keys.forEach((k, i) => {
      if (!this.cache.has(k)) missing.push(i);
    });
    if (missing.length) {
      const uniq = [...new Map(missing.map((i) => [keys[i]!, texts[i]!])).entries()];
      const vectors = await this.inner.embed(
        uniq.map(([, t]) => t),
        purpose,
      );
      const chunks: Buffer[] = [];
      uniq.forEach(([k], i) => {
        const v = vectors[i]!;
        this.cache.set(k, v);
        const b = Buffer.alloc(32 + 4 * this.dimension);
        Buffer.from(k, 'hex').copy(b, 0);
        for (let j = 0; j < this.dimension; j++) b.writeFloatLE(v[j]!, 32 + 4 * j);
        chunks.push(b);
      });
      appendFileSync(this.file, Buffer.concat(chunks));
      this.computed += uniq.length;
    }
    return keys.map((k) => this.cache.get(k)!);
  }

  /** Pre-computes many texts in large concurrent chunks (keeps every worker busy). */
  async prefetch(
    texts: string[],
    purpose: EmbedPurpose,
    onProgress?: (done: number, total: number) => void,
  ): Promise<void> {
    const todo = [...new Set(texts)].filter((t) => !this.cache.has(this.key(t, purpose)));
    const chunk = 256;
    for (let i = 0; i < todo.length; i += chunk) {
      await this.embed(todo.slice(i, i + chunk), purpose);
      onProgress?.(Math.min(i + chunk, todo.length), todo.length);
    }
  }

  warm(): Promise<void> {
    return this.inner.warm();
  }
  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
