import {
  loadUseLiteVocabulary,
  SentencePieceTokenizer,
} from '../src/engines/embedders/static-table-embedder';
import { UseLiteEmbedder } from '../src/engines/embedders/use-lite-embedder';

describe('UseLiteEmbedder (offline USE-lite)', () => {
  it('loads from the installed package without network access and is deterministic', async () => {
    const fetchSpy = jest
      .spyOn(globalThis, 'fetch')
      .mockRejectedValue(new Error('network disabled in this test'));
    const e = new UseLiteEmbedder();
    await e.warm();
    const [a, b, empty, c] = await e.embed(
      ['query a Postgres database', 'query a Postgres database', '', 'weather forecast for Paris'],
      'query',
    );
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
    expect(a).toHaveLength(512);
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(Array.from(empty!).every((x) => x === 0)).toBe(true);
    const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(dot(a!, a!)).toBeCloseTo(1, 5);
    const [sql] = await e.embed(['run a SQL query'], 'document');
    expect(dot(a!, sql!)).toBeGreaterThan(dot(c!, sql!));

    // Our SentencePiece tokenizer (used by the static table) is the model's.
    const ref = await e.modelTokenizer();
    const ours = new SentencePieceTokenizer(loadUseLiteVocabulary());
    for (const t of ['Query a Postgres database!', 'get_current_stock_price', 'naïve café 😀', '必应搜索']) {
      expect(ours.encode(t)).toEqual(ref.encode(t));
    }
    // Token-id access for distillation gives unit vectors.
    const [row] = await e.embedTokenIds([[100]]);
    expect(dot(row!, row!)).toBeCloseTo(1, 5);
  });
});
