/** Retrieval metrics (binary relevance) and percentile-bootstrap confidence intervals over queries. */
import { rng } from '../src/seeded-random';

export function ndcgAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++)
    if (relevant.has(ranked[i]!)) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal > 0 ? dcg / ideal : 0;
}

/** Share of the relevant set found in the top k. */
export function recallAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  let hit = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (relevant.has(ranked[i]!)) hit++;
  return hit / relevant.size;
}

export { rng };

export interface Estimate {
  mean: number;
  lo: number;
  hi: number;
}

/** Mean with a 95% percentile-bootstrap interval (resampling queries). */
export function bootstrap(values: readonly number[], resamples = 1000, seed = 42): Estimate {
  const n = values.length;
  if (n === 0) return { mean: 0, lo: 0, hi: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const rand = rng(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[Math.floor(rand() * n)]!;
    means[r] = s / n;
  }
  means.sort();
  return { mean, lo: means[Math.floor(0.025 * resamples)]!, hi: means[Math.ceil(0.975 * resamples) - 1]! };
}

export function fmt(e: Estimate): string {
  return `${(e.mean * 100).toFixed(1)} [${(e.lo * 100).toFixed(1)}–${(e.hi * 100).toFixed(1)}]`;
}
