import { createHash } from 'node:crypto';
import {
  normalizeForEmbedding,
  normalizeVector,
  type Embedder,
  type EmbedPurpose,
} from '../../domain/embedder';
import { tokenize } from '../../domain/tokenize';

/**
 * Deterministic feature-hashing embedder for tests: each keyword token (and token bigram) adds ±1 to a
 * hashed dimension. Texts sharing words get similar vectors, so ranking tests behave sensibly, with no model.
 */
export class HashingEmbedder implements Embedder {
  readonly id: string;
  calls: { texts: string[]; purpose: EmbedPurpose }[] = [];

  constructor(readonly dimension = 64) {
    this.id = `hashing-${dimension}`;
  }

  async embed(texts: string[], purpose: EmbedPurpose): Promise<Float32Array[]> {
    this.calls.push({ texts: [...texts], purpose });
    return texts.map((t) => this.embedOne(t));
  }

  embedOne(text: string): Float32Array {
    const v = new Float32Array(this.dimension);
    const tokens = tokenize(normalizeForEmbedding(text));
    const features = [...tokens, ...tokens.slice(1).map((t, i) => `${tokens[i]} ${t}`)];
    for (const f of features) {
      const h = createHash('sha1').update(f).digest();
      const idx = h.readUInt32LE(0) % this.dimension;
      v[idx]! += h[4]! & 1 ? 1 : -1;
    }
    return normalizeVector(v);
  }

  async warm(): Promise<void> {}
}
