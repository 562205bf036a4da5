import { buildToolDocuments } from '../src/domain/documents';
import { normalizeVector } from '../src/domain/embedder';
import { ExactVectorEngine } from '../src/engines/exact-vector-engine';
import { MANIFESTS } from './fixtures';

const docs = MANIFESTS.flatMap((m) => buildToolDocuments(m.manifest, m.signals));
function randomUnit(seed: number, dim: number): Float32Array {
  let s = seed;
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    v[i] = s / 2147483648 - 0.5;
  }
  return normalizeVector(v);
}

describe('ExactVectorEngine', () => {
  for (const quantization of ['none', 'int8'] as const) {
    it(`returns exact cosine top-k (${quantization})`, async () => {
      const e = new ExactVectorEngine(32, quantization);
      const vectors = docs.map((_, i) => randomUnit(i + 1, 32));
      await e.upsert(
        'tool',
        docs.map((d, i) => ({ id: d.id, vectors: { tool: vectors[i]! }, metadata: d })),
      );
      const q = vectors[3]!;
      const hits = await e.search('tool', { vector: q, facet: 'tool', limit: 3 });
      expect(hits[0]!.id).toBe(docs[3]!.id);
      expect(hits[0]!.score).toBeCloseTo(1, quantization === 'none' ? 5 : 2);
      const exact = vectors
        .map((v, i) => ({ id: docs[i]!.id, s: v.reduce((acc, x, j) => acc + x * q[j]!, 0) }))
        .sort((a, b) => b.s - a.s);
      expect(hits.map((h) => h.id)).toEqual(exact.slice(0, 3).map((x) => x.id));
      hits.forEach((h, i) => expect(h.score).toBeCloseTo(exact[i]!.s, quantization === 'none' ? 5 : 1));
    });
  }

  it('filters, removes, replaces and compacts', async () => {
    const e = new ExactVectorEngine(8);
    const point = (id: string, seed: number) => ({
      id,
      vectors: { tool: randomUnit(seed, 8) },
      metadata: docs[seed % docs.length]!,
    });
    await e.upsert(
      'tool',
      docs.map((d, i) => ({ id: d.id, vectors: { tool: randomUnit(i + 1, 8) }, metadata: d })),
    );
    const filtered = await e.search('tool', {
      vector: randomUnit(1, 8),
      facet: 'tool',
      limit: 20,
      filters: { categories: ['Weather'] },
    });
    expect(filtered.map((h) => h.id).sort()).toEqual([
      'io.github.weather/forecast::getAlerts',
      'io.github.weather/forecast::getForecast',
    ]);
    await e.remove('tool', [docs[0]!.id]);
    expect(
      (await e.search('tool', { vector: randomUnit(1, 8), facet: 'tool', limit: 20 })).map((h) => h.id),
    ).not.toContain(docs[0]!.id);
    // Many replacements trigger compaction; results stay correct.
    for (let round = 0; round < 30; round++)
      await e.upsert(
        'tool',
        docs.slice(1).map((d, i) => point(d.id, i + 2)),
      );
    const all = await e.search('tool', { vector: randomUnit(2, 8), facet: 'tool', limit: 100 });
    expect(all).toHaveLength(docs.length - 1);
    expect(all[0]!.id).toBe(docs[1]!.id);
    expect(e.scoreIds('tool', 'tool', randomUnit(2, 8), [docs[1]!.id, 'missing']).size).toBe(1);
  });

  it('documents without a facet are skipped for that facet; wrong dimensions are rejected', async () => {
    const e = new ExactVectorEngine(4);
    await e.upsert('tool', [
      { id: 'a', vectors: { tool: normalizeVector(new Float32Array([1, 0, 0, 0])) }, metadata: docs[0]! },
    ]);
    expect(
      await e.search('tool', { vector: new Float32Array([1, 0, 0, 0]), facet: 'params', limit: 5 }),
    ).toEqual([]);
    await expect(
      e.upsert('tool', [{ id: 'b', vectors: { tool: new Float32Array(3) }, metadata: docs[0]! }]),
    ).rejects.toThrow('dimensions');
  });

  describe('documents that share a vector', () => {
    // A small pool of vectors, so that many documents hold the same one (as a server's tools hold its text).
    const pool = Array.from({ length: 5 }, (_, i) => randomUnit(100 + i, 16));
    const ids = Array.from({ length: 300 }, (_, i) => `t${i}`);

    it('are stored once per distinct vector', async () => {
      const e = new ExactVectorEngine(16, 'int8');
      await e.upsert(
        'tool',
        ids.map((id, i) => ({
          id,
          vectors: { server: pool[i % 5]!, own: randomUnit(i + 1, 16) },
          metadata: docs[0]!,
        })),
      );
      expect(e.distinctVectors('tool', 'server')).toBe(5);
      expect(e.distinctVectors('tool', 'own')).toBe(300);
      await e.remove(
        'tool',
        ids.filter((_, i) => i % 5 === 0),
      );
      expect(e.distinctVectors('tool', 'server')).toBe(4);
    });

    for (const quantization of ['none', 'int8'] as const) {
      it(`answer exactly like a fresh engine after upserts, removals and compactions (${quantization})`, async () => {
        const e = new ExactVectorEngine(16, quantization);
        const live = new Map<string, { vector: Float32Array; seed: number }>();
        let seed = 7;
        const next = (n: number): number => {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          return seed % n;
        };
        for (let round = 0; round < 40; round++) {
          const batch = Array.from({ length: 25 }, () => {
            const id = ids[next(ids.length)]!;
            // Mostly pooled vectors, sometimes one of the document's own.
            const own = next(4) === 0;
            const vector = own ? randomUnit(1000 + round * 100 + next(100), 16) : pool[next(pool.length)]!;
            return { id, vector, seed: round };
          });
          await e.upsert(
            'tool',
            batch.map((b) => ({
              id: b.id,
              vectors: { server: b.vector },
              metadata: docs[b.seed % docs.length]!,
            })),
          );
          for (const b of batch) live.set(b.id, b);
          const gone = Array.from({ length: 12 }, () => ids[next(ids.length)]!);
          await e.remove('tool', gone);
          for (const id of gone) live.delete(id);
        }
        // Many distinct vectors, then most of them removed: the free rows are compacted away.
        const extra = Array.from({ length: 200 }, (_, i) => ({
          id: `x${i}`,
          vector: randomUnit(5000 + i, 16),
          seed: i,
        }));
        await e.upsert(
          'tool',
          extra.map((b) => ({
            id: b.id,
            vectors: { server: b.vector },
            metadata: docs[b.seed % docs.length]!,
          })),
        );
        await e.remove(
          'tool',
          extra.slice(10).map((b) => b.id),
        );
        for (const b of extra.slice(0, 10)) live.set(b.id, b);
        const fresh = new ExactVectorEngine(16, quantization);
        await fresh.upsert(
          'tool',
          [...live].map(([id, b]) => ({
            id,
            vectors: { server: b.vector },
            metadata: docs[b.seed % docs.length]!,
          })),
        );
        for (const q of [pool[0]!, randomUnit(5, 16), randomUnit(6, 16)]) {
          const request = { vector: q, facet: 'server', limit: 1000 };
          const got = await e.search('tool', request);
          const want = await fresh.search('tool', request);
          expect(got).toHaveLength(live.size);
          const byId = (hits: { id: string; score: number }[]) =>
            new Map(hits.map((h) => [h.id, h.score] as const));
          expect(byId(got)).toEqual(byId(want));
          const sample = [...live.keys()].slice(0, 20);
          expect(e.scoreIds('tool', 'server', q, sample)).toEqual(
            fresh.scoreIds('tool', 'server', q, sample),
          );
        }
        expect(e.distinctVectors('tool', 'server')).toBe(
          new Set([...live.values()].map((b) => b.vector.join())).size,
        );
      });
    }

    it('a rejected batch changes nothing', async () => {
      const e = new ExactVectorEngine(4);
      const v = normalizeVector(new Float32Array([1, 0, 0, 0]));
      await e.upsert('tool', [{ id: 'a', vectors: { tool: v }, metadata: docs[0]! }]);
      await expect(
        e.upsert('tool', [
          { id: 'a', vectors: { tool: v }, metadata: docs[0]! },
          { id: 'b', vectors: { tool: new Float32Array(3) }, metadata: docs[0]! },
        ]),
      ).rejects.toThrow('dimensions');
      expect((await e.search('tool', { vector: v, facet: 'tool', limit: 5 })).map((h) => h.id)).toEqual([
        'a',
      ]);
    });
  });
});
