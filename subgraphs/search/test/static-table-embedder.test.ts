import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  distillStaticTable,
  loadStaticTable,
  saveStaticTable,
  SentencePieceTokenizer,
  StaticTableEmbedder,
  type Vocabulary,
} from '../src/engines/embedders/static-table-embedder';

const vocab: Vocabulary = [
  ['<unk>', 0],
  ['<s>', 0],
  ['</s>', 0],
  ['x1', 0],
  ['x2', 0],
  ['x3', 0],
  ['▁weather', -2],
  ['▁fore', -4],
  ['cast', -4],
  ['▁forecast', -5],
  ['▁the', -1],
  ['▁', -3],
  ['s', -2],
  ...'weathrfoc'.split('').map((c): [string, number] => [c, -10]),
];

describe('static token table', () => {
  it('tokenizes with the unigram Viterbi of USE-lite', () => {
    const tok = new SentencePieceTokenizer(vocab);
    expect(tok.encode('weather forecast')).toEqual([6, 9]);
    expect(tok.encode('the forecasts')).toEqual([10, 9, 12]);
    expect(tok.encode('')).toEqual([]);
    // Unknown characters become id 0, and consecutive unknowns merge.
    expect(tok.encode('zz')).toEqual([11, 0]);
  });

  it('distils one row per piece through the encoder, weights by SIF, and round-trips through a file', async () => {
    const seen: number[][] = [];
    const table = await distillStaticTable(vocab, 2, async (ids) => {
      seen.push(...ids);
      return ids.map(([id]) => new Float32Array([id!, 1]));
    });
    expect(seen).toEqual(vocab.slice(6).map((_, i) => [i + 6]));
    expect(table.weights[0]).toBe(0);
    // Frequent pieces ("▁the", log p = -1) weigh less than rare ones ("▁forecast", log p = -5).
    expect(table.weights[10]!).toBeLessThan(table.weights[9]!);
    const file = join(mkdtempSync(join(tmpdir(), 'static-')), 't.bin');
    saveStaticTable(file, table);
    const loaded = loadStaticTable(file);
    expect(Array.from(loaded.vectors)).toEqual(Array.from(table.vectors));
    expect(Array.from(loaded.weights)).toEqual(Array.from(table.weights));

    const e = new StaticTableEmbedder(loaded, vocab);
    expect(e.id).toBe('use-lite-static-2');
    const [a, b, empty] = await e.embed(['weather forecast', 'weather  forecast', ''], 'query');
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(Math.hypot(...a!)).toBeCloseTo(1);
    expect(Array.from(empty!)).toEqual([0, 0]);
  });
});
