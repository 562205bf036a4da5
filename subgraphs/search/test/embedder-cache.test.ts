import {
  CachedQueryEmbedder,
  DocumentEmbeddingCache,
  InMemoryVectorStore,
  normalizeForEmbedding,
  normalizeVector,
} from '../src/domain/embedder';
import { HashingEmbedder } from '../src/engines/embedders/hashing-embedder';

describe('embedding caches', () => {
  it('normalises text the same way for queries and documents', () => {
    expect(normalizeForEmbedding('  get_current_stock_price\n of  getStockPrice ')).toBe(
      'get current stock price of get stock price',
    );
    expect(normalizeForEmbedding('ＡＢＣ')).toBe('ABC');
    expect(normalizeForEmbedding('x'.repeat(2000)).length).toBe(1000);
    expect(Array.from(normalizeVector(new Float32Array([3, 4])))).toEqual([
      expect.closeTo(0.6),
      expect.closeTo(0.8),
    ]);
    expect(Array.from(normalizeVector(new Float32Array(2)))).toEqual([0, 0]);
  });

  it('query vectors are cached by normalised text and concurrent misses coalesce', async () => {
    const inner = new HashingEmbedder(16);
    const cached = new CachedQueryEmbedder(inner, 10);
    const [a, b] = await Promise.all([
      cached.embed(['postgres  query'], 'query'),
      cached.embed(['postgres query'], 'query'),
    ]);
    expect(a[0]).toBe(b[0]);
    await cached.embed([' postgres query '], 'query');
    expect(inner.calls).toHaveLength(1);
    expect(cached.misses).toBe(1);
    expect(cached.hits).toBe(2);
  });

  it('document embeddings bypass the query cache', async () => {
    const inner = new HashingEmbedder(16);
    const cached = new CachedQueryEmbedder(inner);
    await cached.embed(['a doc'], 'document');
    await cached.embed(['a doc'], 'document');
    expect(inner.calls.map((c) => c.purpose)).toEqual(['document', 'document']);
  });

  it('documents are embedded once per content hash, duplicates within a call once', async () => {
    const inner = new HashingEmbedder(16);
    const store = new InMemoryVectorStore();
    const cache = new DocumentEmbeddingCache(inner, store);
    const first = await cache.embedDocuments(['read a file', 'write a file', 'read a file']);
    expect(inner.calls).toEqual([{ texts: ['read a file', 'write a file'], purpose: 'document' }]);
    expect(first[0]).toBe(first[2]);
    const again = await new DocumentEmbeddingCache(inner, store).embedDocuments([
      'write a file',
      'delete a file',
    ]);
    expect(inner.calls[1]).toEqual({ texts: ['delete a file'], purpose: 'document' });
    expect(again[0]).toBe(first[1]);
    expect(store.map.size).toBe(3);
  });

  it('the hashing embedder is deterministic and unit length', async () => {
    const e = new HashingEmbedder(32);
    const [a, b, empty] = await e.embed(['weather forecast', 'weather forecast', ''], 'query');
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(Math.hypot(...a!)).toBeCloseTo(1);
    expect(Array.from(empty!).every((x) => x === 0)).toBe(true);
  });
});
