/**
 * Ranking configuration. The values of `TUNED_SEARCH_CONFIG` come from `tuned-search-config.ts`, written by
 * `bench/search-quality/tune.ts` from the ToolLens **train** split only (see that script for the procedure).
 */
import { TUNED } from './tuned-search-config';

export interface FieldParams {
  boost: number;
  /** Length normalisation of the field (0 = none, 1 = full). */
  b: number;
}

export interface Bm25Params {
  k1: number;
  fields: Record<string, FieldParams>;
}

export interface KeywordConfig {
  tool: Bm25Params;
  server: Bm25Params;
  stem: boolean;
  /** Extra weight for each repeat of a query term (0 = distinct terms only). */
  repeatWeight: number;
  /** Pseudo-relevance feedback; null disables it. */
  prf: { docs: number; terms: number; weight: number } | null;
  /**
   * Drop request boilerplate ("please", "I need", "help me", see `REQUEST_WORDS`) from the keyword query:
   * those words say how something is asked, not what is needed, yet match tool text that happens to use them.
   */
  queryStopwords: boolean;
}

export type Normalization = 'minmax' | 'theoretical';
export type FusionMethod = 'convex' | 'rrf';

export interface FusionConfig {
  method: FusionMethod;
  normalization: Normalization;
  /** Weight of the vector leg in the convex combination (keyword gets 1 − alpha). */
  alpha: number;
  rrfK: number;
  /** Candidates taken from each leg before fusion. */
  depth: number;
}

export interface VectorConfig {
  /** Weights of the tool's named vectors; the vector score is their weighted mean cosine (or max, see `facetCombine`). */
  toolFacets: Record<string, number>;
  /** `mean`: weighted mean of the facet cosines; `max`: max-sim over facets (each cosine times its weight). */
  facetCombine: 'mean' | 'max';
  serverFacets: Record<string, number>;
  /**
   * Multi-aspect queries: the query is also split into clauses, each embedded; a tool's cosine is
   * `(1 − w) · cos(whole query) + w · max over clauses`. 0 disables it (one embedding per query).
   */
  clauseWeight: number;
  /** At most this many clauses are embedded. */
  maxClauses: number;
}

export interface RollupConfig {
  /** How many of a server's best tools count. */
  topTools: number;
  /** Weight of the i-th best tool is decay^i (i from 0). */
  decay: number;
  /** Weight of the server's own text match (its description and tool list) against the tools' rollup. */
  serverWeight: number;
  /**
   * Server context for tool search: a tool's fused score gets `+ toolServerBoost · (its server's fused text score)`
   * (renormalised), so tools of a server that matches the task as a whole move up. 0 disables it.
   */
  toolServerBoost: number;
}

/**
 * Aspect coverage for multi-tool tasks: the fused tool list is re-ranked greedily so that a tool whose matched
 * query terms are already covered by higher-ranked tools is penalised by `weight` × (idf share of those
 * terms). The top hit never changes; a task that needs a PDF tool and a word-cloud tool gets both early
 * instead of five PDF tools. 0 disables it.
 */
export interface DiversifyConfig {
  weight: number;
  /** How many fused candidates are re-ranked. */
  depth: number;
}

export interface SearchConfig {
  keyword: KeywordConfig;
  vector: VectorConfig;
  fusion: FusionConfig;
  rollup: RollupConfig;
  diversify: DiversifyConfig;
}

/** Reasonable untuned settings (BM25F with equal boosts, convex min-max fusion at 0.5). */
export const DEFAULT_SEARCH_CONFIG: SearchConfig = {
  keyword: {
    tool: {
      k1: 0.9,
      fields: {
        name: { boost: 1, b: 0.4 },
        description: { boost: 1, b: 0.4 },
        paramNames: { boost: 1, b: 0.4 },
        paramDescriptions: { boost: 1, b: 0.4 },
        server: { boost: 1, b: 0.4 },
        serverDescription: { boost: 1, b: 0.4 },
        categories: { boost: 0, b: 0 },
      },
    },
    server: {
      k1: 0.9,
      fields: {
        name: { boost: 1, b: 0.4 },
        description: { boost: 1, b: 0.4 },
        toolNames: { boost: 1, b: 0.4 },
        toolDescriptions: { boost: 1, b: 0.4 },
        categories: { boost: 0, b: 0 },
      },
    },
    stem: true,
    repeatWeight: 0,
    prf: null,
    queryStopwords: false,
  },
  vector: {
    toolFacets: { full: 1 },
    serverFacets: { full: 1 },
    facetCombine: 'mean',
    clauseWeight: 0,
    maxClauses: 6,
  },
  fusion: { method: 'convex', normalization: 'minmax', alpha: 0.5, rrfK: 60, depth: 100 },
  rollup: { topTools: 3, decay: 0.5, serverWeight: 0.5, toolServerBoost: 0 },
  diversify: { weight: 0, depth: 30 },
};

/** The committed, tuned configuration. */
export const TUNED_SEARCH_CONFIG: SearchConfig = withConfig(DEFAULT_SEARCH_CONFIG, TUNED);

/** Deep-merges a partial configuration over a base (objects merged, arrays and scalars replaced). */
export function withConfig(base: SearchConfig, patch: DeepPartial<SearchConfig>): SearchConfig {
  return merge(base, patch) as SearchConfig;
}

export type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> | null } : T;

function merge(a: unknown, b: unknown): unknown {
  if (b === undefined) return a;
  if (b === null || typeof b !== 'object' || Array.isArray(b) || typeof a !== 'object' || a === null)
    return b;
  const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [k, v] of Object.entries(b as Record<string, unknown>)) out[k] = merge(out[k], v);
  return out;
}
