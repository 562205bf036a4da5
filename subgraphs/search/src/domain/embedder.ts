/**
 * Text embeddings: the `Embedder` port, text normalisation shared by every embedder, the query-vector LRU
 * cache and the "embed each document once per content hash" cache with a persistence port.
 */
import { contentHash } from './documents';
import { LruCache } from '@mcpr/platform';

export type EmbedPurpose = 'query' | 'document';

export interface Embedder {
  /** Identifies model + dimension; vectors from different ids are never mixed (Qdrant collection names use it). */
  readonly id: string;
  readonly dimension: number;
  /** One unit-length vector per text, in order. Empty texts give a zero vector. */
  embed(texts: string[], purpose: EmbedPurpose): Promise<Float32Array[]>;
  /** Loads the model and runs one warm-up inference; call before reporting ready. */
  warm(): Promise<void>;
  /** Releases workers or sockets, if any. */
  close?(): Promise<void>;
}

/**
 * Normalises text before it reaches a model: NFKC, identifiers made readable (`get_stock_price` and
 * `getStockPrice` → `get stock price`), whitespace collapsed, clipped to `maxChars`.
 * Queries and documents go through the same function because the USE tokenizer is case- and form-sensitive.
 */
export function normalizeForEmbedding(text: string, maxChars = 1000): string {
  let t = text.normalize('NFKC');
  t = t
    .replace(/(\p{Ll})(\p{Lu})(?=\p{Ll})/gu, (_m, a: string, b: string) => `${a} ${b.toLowerCase()}`)
    .replace(/(\p{L})_+(?=\p{L})/gu, '$1 ');
  t = t.replace(/\s+/gu, ' ').trim();
  if (t.length > maxChars) t = t.slice(0, maxChars);
  return t;
}

/** Scales to unit length in place (a zero vector stays zero) and returns it. */
export function normalizeVector(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  if (s > 0) {
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < v.length; i++) v[i]! *= inv;
  }
  return v;
}

/**
 * Wraps an embedder with an LRU of query vectors keyed by normalised text (Unicode form, spacing), and
 * coalesces concurrent requests for the same query. Document embeddings pass through untouched.
 */
export class CachedQueryEmbedder implements Embedder {
  readonly id: string;
  readonly dimension: number;
  private readonly cache: LruCache<string, Float32Array>;
  private readonly inflight = new Map<string, Promise<Float32Array>>();
  hits = 0;
  misses = 0;
  /** Wall time spent in the model for cache misses, in ms (the share of latency spent embedding queries). */
  embedMs = 0;

  constructor(
    private readonly inner: Embedder,
    capacity = 5000,
  ) {
    this.id = inner.id;
    this.dimension = inner.dimension;
    this.cache = new LruCache(capacity);
  }

  /** The cache key is the normalised text, which is also exactly what the model embeds. */
  static key(text: string): string {
    return normalizeForEmbedding(text);
  }

  async embed(texts: string[], purpose: EmbedPurpose): Promise<Float32Array[]> {
    if (purpose !== 'query') return this.inner.embed(texts, purpose);
    return Promise.all(texts.map((t) => this.one(t)));
  }

  private one(text: string): Promise<Float32Array> {
    const key = CachedQueryEmbedder.key(text);
    const cached = this.cache.get(key);
    if (cached) {
      this.hits++;
      return Promise.resolve(cached);
    }
    const pending = this.inflight.get(key);
    if (pending) {
      this.hits++;
      return pending;
    }
    this.misses++;
    // The key, not the raw text, is embedded so that a hit returns exactly what a miss would have.
    const started = performance.now();
    const p = this.inner
      .embed([key], 'query')
      .then(([v]) => {
        this.embedMs += performance.now() - started;
        this.cache.set(key, v!);
        return v!;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  warm(): Promise<void> {
    return this.inner.warm();
  }
  async close(): Promise<void> {
    await this.inner.close?.();
  }
}

/** Persistence port for document vectors (the subgraph backs it with its database; tests use memory). */
export interface VectorStore {
  getMany(hashes: string[]): Promise<Map<string, Float32Array>>;
  putMany(entries: { hash: string; vector: Float32Array }[]): Promise<void>;
}

export class InMemoryVectorStore implements VectorStore {
  readonly map = new Map<string, Float32Array>();
  async getMany(hashes: string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const h of hashes) {
      const v = this.map.get(h);
      if (v) out.set(h, v);
    }
    return out;
  }
  async putMany(entries: { hash: string; vector: Float32Array }[]): Promise<void> {
    for (const e of entries) this.map.set(e.hash, e.vector);
  }
}

/**
 * Embeds document texts once per (embedder id, content hash): unchanged tools are never re-embedded,
 * across restarts when the store is persistent. Duplicate texts in one call are embedded once.
 */
export class DocumentEmbeddingCache {
  embedded = 0;
  reused = 0;
  constructor(
    private readonly embedder: Embedder,
    private readonly store: VectorStore,
  ) {}

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    const normalized = texts.map((t) => normalizeForEmbedding(t));
    const hashes = normalized.map((t) => contentHash(t, this.embedder.id));
    const found = await this.store.getMany([...new Set(hashes)]);
    const missing = new Map<string, string>();
    hashes.forEach((h, i) => {
      if (!found.has(h) && !missing.has(h)) missing.set(h, normalized[i]!);
    });
    if (missing.size > 0) {
      const keys = [...missing.keys()];
      const vectors = await this.embedder.embed([...missing.values()], 'document');
      const entries = keys.map((hash, i) => ({ hash, vector: vectors[i]! }));
      await this.store.putMany(entries);
      for (const e of entries) found.set(e.hash, e.vector);
    }
    this.embedded += missing.size;
    this.reused += texts.length - missing.size;
    return hashes.map((h) => found.get(h)!);
  }
}
