/**
 * Fusion of the keyword and vector legs. Each leg gives a ranked list with raw scores on its own scale;
 * scores are normalised to [0, 1] and combined convexly, or the ranks are combined with RRF.
 */
import type { FusionConfig, Normalization } from './search-config';

export interface Scored {
  id: string;
  score: number;
}

export interface LegResult {
  hits: Scored[];
  /** Theoretical range of raw scores for this query (BM25: [0, Σ idf·(k1+1)]; cosine: [-1, 1]). */
  bounds?: { min: number; max: number };
}

/** Min-max over the observed scores: best → 1, worst → 0 (a single or flat list maps to 1). */
export function minMaxNormalize(scores: readonly number[]): number[] {
  if (scores.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of scores) {
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  if (!(hi > lo)) return scores.map(() => 1);
  return scores.map((s) => (s - lo) / (hi - lo));
}

/** Normalises by a fixed range, clamped to [0, 1]. */
export function boundNormalize(scores: readonly number[], min: number, max: number): number[] {
  const span = max - min;
  if (!(span > 0)) return scores.map(() => 0);
  return scores.map((s) => Math.min(1, Math.max(0, (s - min) / span)));
}

/**
 * Normalises one leg: `minmax` uses the observed range; `theoretical` uses the leg's theoretical range
 * (falling back to min-max when the engine cannot state one).
 */
export function normalizeLeg(leg: LegResult, method: Normalization): Map<string, number> {
  const norm = normalizedScores(leg, method);
  const out = new Map<string, number>();
  leg.hits.forEach((h, i) => out.set(h.id, norm[i]!));
  return out;
}

/** The leg's normalised scores, in hit order. */
function normalizedScores(leg: LegResult, method: Normalization): number[] {
  const scores = leg.hits.map((h) => h.score);
  return method === 'theoretical' && leg.bounds
    ? boundNormalize(scores, leg.bounds.min, leg.bounds.max)
    : minMaxNormalize(scores);
}

/** `alpha · b + (1 − alpha) · a` over the union of ids; an id missing from a leg scores 0 there. */
export function convexCombination(
  a: Map<string, number>,
  b: Map<string, number>,
  alpha: number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, s] of a) out.set(id, (1 - alpha) * s);
  for (const [id, s] of b) out.set(id, (out.get(id) ?? 0) + alpha * s);
  return out;
}

/**
 * Reciprocal rank fusion: Σ wᵢ / (k + rankᵢ) with ranks from 1, divided by its maximum Σ wᵢ / (k + 1)
 * so the result lies in [0, 1].
 */
export function reciprocalRankFusion(
  lists: readonly (readonly string[])[],
  k: number,
  weights?: readonly number[],
): Map<string, number> {
  const w = weights ?? lists.map(() => 1);
  const max = w.reduce((acc, x) => acc + x / (k + 1), 0);
  const out = new Map<string, number>();
  lists.forEach((list, li) => {
    list.forEach((id, r) => out.set(id, (out.get(id) ?? 0) + w[li]! / (k + r + 1)));
  });
  if (max > 0) for (const [id, s] of out) out.set(id, s / max);
  return out;
}

export interface FusedHit {
  id: string;
  score: number;
  /** The leg's normalised score (undefined when the leg did not return the id). */
  keywordScore?: number;
  vectorScore?: number;
}

/**
 * Fuses the two legs per `config` (a missing leg, e.g. degraded, just contributes nothing). Equivalent to
 * `convexCombination` (or `reciprocalRankFusion`) over the `normalizeLeg` maps, built in one map of hits:
 * the intermediate maps were a fifth of what a server search allocated.
 */
export function fuse(
  keyword: LegResult | undefined,
  vector: LegResult | undefined,
  config: FusionConfig,
): FusedHit[] {
  const byId = new Map<string, FusedHit>();
  const collect = (leg: LegResult, key: 'keywordScore' | 'vectorScore') => {
    const norm = normalizedScores(leg, config.normalization);
    leg.hits.forEach(({ id }, i) => {
      let hit = byId.get(id);
      if (!hit) byId.set(id, (hit = { id, score: 0 }));
      hit[key] = norm[i]!;
    });
  };
  if (keyword) collect(keyword, 'keywordScore');
  if (vector) collect(vector, 'vectorScore');
  const hits = [...byId.values()];
  if (keyword && vector && config.method === 'rrf') {
    const rrf = reciprocalRankFusion(
      [keyword.hits.map((h) => h.id), vector.hits.map((h) => h.id)],
      config.rrfK,
      [1 - config.alpha, config.alpha],
    );
    for (const h of hits) h.score = rrf.get(h.id)!;
  } else if (keyword && vector) {
    const alpha = config.alpha;
    for (const h of hits) {
      // The same operations, in the same order, as convexCombination (an id a leg lacks scores 0 there).
      const k = h.keywordScore === undefined ? undefined : (1 - alpha) * h.keywordScore;
      h.score = h.vectorScore === undefined ? k! : (k ?? 0) + alpha * h.vectorScore;
    }
  } else {
    for (const h of hits) h.score = (keyword ? h.keywordScore : h.vectorScore)!;
  }
  hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return hits;
}
