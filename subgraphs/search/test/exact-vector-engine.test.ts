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
});
