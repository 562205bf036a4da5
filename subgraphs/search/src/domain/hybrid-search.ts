/**
 * The search service: the real indexing path (documents → keyword engine + embedded vectors → vector engine)
 * and the real query path (both legs concurrently, fused in TypeScript, rolled up to servers).
 *
 * Failure model: the keyword leg never waits for the embedder. If the embedder or the vector engine fails
 * (or the query embedding exceeds `embedTimeoutMs`), results come from the keyword leg with
 * `degraded: true`, and vice versa. Only when both legs fail does a search throw `SearchUnavailableError`.
 */
import type { DocKind, KeywordEngine } from '../engines/keyword-engine';
import type { VectorEngine, VectorPoint } from '../engines/vector-engine';
import {
  buildServerDocument,
  buildToolDocuments,
  withSignals,
  type ManifestInput,
  type ServerDocument,
  type ServerSignals,
  type ToolDocument,
  type TrustTier,
} from './documents';
import { DocumentEmbeddingCache, InMemoryVectorStore, type Embedder, type VectorStore } from './embedder';
import { serverEmbeddingTexts, toolEmbeddingTexts, toolKeywordFields } from './fields';
import type { SearchFilters } from './filters';
import { fuse, type FusedHit, type LegResult, type Scored } from './fusion';
import { rollupServers, type ServerRollup } from './rollup';
import { DEFAULT_SEARCH_CONFIG, type FusionConfig, type SearchConfig } from './search-config';
import { stripRequestWords, tokenize } from './tokenize';

export type SearchMode = 'KEYWORD' | 'SEMANTIC' | 'HYBRID';
export type Leg = 'keyword' | 'vector';

export class SearchUnavailableError extends Error {
  constructor(readonly causes: Partial<Record<Leg, unknown>>) {
    super('both search engines are unavailable');
    this.name = 'SearchUnavailableError';
  }
}

export interface SearchRequest {
  query: string;
  mode?: SearchMode;
  filters?: SearchFilters;
  limit?: number;
  /**
   * Candidates each leg returns before fusion. Default: the fusion depth for servers (the depth the
   * configuration was tuned and evaluated at, whatever `limit` is); `max(limit, fusion depth)` for tools.
   */
  depth?: number;
  /** Overrides of the configured fusion (the harness compares settings with it). */
  fusion?: Partial<FusionConfig>;
}

/** A server search: a page of `limit` hits, counted and faceted over a deeper candidate list. */
export interface ServerSearchRequest extends SearchRequest {
  /** How many ranked servers `totalCount` and the facets consider (default: every candidate). */
  countDepth?: number;
  /**
   * When set and the keyword leg answered (not SEMANTIC), a server its own text matched no keyword of
   * counts only with a normalised vector score of at least this: the vector leg ranks every document,
   * so without a floor every server would be a "match".
   */
  semanticFloor?: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchFacets {
  categories: FacetCount[];
  tiers: FacetCount[];
}

export interface ToolHit {
  id: string;
  toolName: string;
  serverName: string;
  title?: string;
  description: string;
  tier: TrustTier;
  categories: string[];
  installs: number;
  /** Fused score in [0, 1]. */
  score: number;
  /** The legs' normalised scores, when the leg returned this tool. */
  keywordScore?: number;
  vectorScore?: number;
}

export interface MatchedTool {
  id: string;
  toolName: string;
  score: number;
}

export interface ServerHit {
  serverName: string;
  title?: string;
  description: string;
  tier: TrustTier;
  categories: string[];
  installs: number;
  score: number;
  keywordScore?: number;
  vectorScore?: number;
  matchedTools: MatchedTool[];
}

export interface SearchResponse<H> {
  hits: H[];
  /** True when a requested leg failed and results come from the other one only. */
  degraded: boolean;
  failedLegs: Leg[];
  facets: SearchFacets;
}

export interface ServerSearchResponse extends SearchResponse<ServerHit> {
  /** Matching servers among the first `countDepth` ranked (the facets count the same ones). */
  totalCount: number;
}

export interface IndexOutcome {
  tools: number;
  /** Documents whose vectors were stored (0 with `vector: false`). */
  vectors: number;
  keyword: boolean;
  vector: boolean;
  errors: Partial<Record<Leg, unknown>>;
}

export interface SearchServiceDeps {
  keyword: KeywordEngine;
  vector: VectorEngine;
  /** Embeds queries; wrap it in `CachedQueryEmbedder`. */
  embedder: Embedder;
  /** Embeds documents (defaults to `embedder`). */
  documentEmbedder?: Embedder;
  /** Where document vectors persist, keyed by content hash (defaults to memory). */
  vectorStore?: VectorStore;
  config?: SearchConfig;
  /** The vector leg gives up (degraded) when the query embedding takes longer. Default 2 s. */
  embedTimeoutMs?: number;
  onLegError?: (leg: Leg, error: unknown) => void;
}

/** Splits a task into clauses (sentences, `;`, `,`, "and", "then") for multi-aspect vector matching. */
export function splitClauses(text: string, max = 6): string[] {
  const parts = text
    .split(/[.;!?\n]+(?:\s|$)|,\s*|\s+(?:and then|and|then|also|as well as|plus|while|before|after)\s+/iu)
    .map((s) => s.trim().replace(/^(?:and|then|also|plus|so)\s+/iu, ''))
    .filter((s) => s.split(/\s+/u).length >= 2);
  return parts.slice(0, max);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown } | undefined;

async function settle<T>(p: Promise<T> | undefined): Promise<Settled<T>> {
  if (!p) return undefined;
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

export class SearchService {
  readonly config: SearchConfig;
  private readonly tools = new Map<string, ToolDocument>();
  private readonly servers = new Map<string, ServerDocument>();
  private readonly toolsByServer = new Map<string, Set<string>>();
  private readonly docEmbeddings: DocumentEmbeddingCache;
  private readonly embedTimeoutMs: number;
  /** Distinct terms of each tool and their document frequencies, for aspect coverage (when enabled). */
  private readonly toolTerms = new Map<string, Set<string>>();
  private readonly termDf = new Map<string, number>();

  constructor(private readonly deps: SearchServiceDeps) {
    this.config = deps.config ?? DEFAULT_SEARCH_CONFIG;
    this.docEmbeddings = new DocumentEmbeddingCache(
      deps.documentEmbedder ?? deps.embedder,
      deps.vectorStore ?? new InMemoryVectorStore(),
    );
    this.embedTimeoutMs = deps.embedTimeoutMs ?? 2000;
  }

  // ---------------------------------------------------------------- indexing

  /** Indexes (or re-indexes) a published server version: its server document and one document per tool. */
  async indexManifest(manifest: ManifestInput, signals: ServerSignals = {}): Promise<IndexOutcome> {
    const server = buildServerDocument(manifest, signals);
    const tools = buildToolDocuments(manifest, signals);
    const stale = [...(this.toolsByServer.get(server.id) ?? [])].filter(
      (id) => !tools.some((t) => t.id === id),
    );
    const outcome: IndexOutcome = {
      tools: tools.length,
      vectors: 0,
      keyword: true,
      vector: true,
      errors: {},
    };
    if (stale.length > 0) await this.removeTools(stale, outcome);
    await this.index(tools, [server], outcome);
    return outcome;
  }

  /** Indexes documents through both engines. A failing leg is reported, not thrown (the other still indexes). */
  async index(
    tools: ToolDocument[],
    servers: ServerDocument[],
    outcome: IndexOutcome = { tools: tools.length, vectors: 0, keyword: true, vector: true, errors: {} },
  ): Promise<IndexOutcome> {
    for (const s of servers) this.servers.set(s.id, s);
    for (const t of tools) {
      this.tools.set(t.id, t);
      let set = this.toolsByServer.get(t.serverName);
      if (!set) this.toolsByServer.set(t.serverName, (set = new Set()));
      set.add(t.id);
      this.setToolTerms(t);
    }
    const keyword = (async () => {
      if (tools.length) await this.deps.keyword.upsert('tool', tools);
      if (servers.length) await this.deps.keyword.upsert('server', servers);
    })();
    const vector = (async () => {
      const toolPoints = await this.vectorPoints(tools, toolEmbeddingTexts, this.config.vector.toolFacets);
      const serverPoints = await this.vectorPoints(
        servers,
        serverEmbeddingTexts,
        this.config.vector.serverFacets,
      );
      if (toolPoints.length) await this.deps.vector.upsert('tool', toolPoints);
      if (serverPoints.length) await this.deps.vector.upsert('server', serverPoints);
      return toolPoints.length + serverPoints.length;
    })();
    const [k, v] = await Promise.all([settle(keyword), settle(vector)]);
    if (!k!.ok) {
      outcome.keyword = false;
      outcome.errors.keyword = k!.error;
    }
    if (v!.ok) outcome.vectors += v!.value;
    else {
      outcome.vector = false;
      outcome.errors.vector = v!.error;
    }
    return outcome;
  }

  private async vectorPoints<D extends ToolDocument | ServerDocument>(
    docs: D[],
    texts: (d: D) => Record<string, string>,
    facets: Record<string, number>,
  ): Promise<VectorPoint[]> {
    const used = Object.entries(facets)
      .filter(([, w]) => w > 0)
      .map(([f]) => f);
    if (docs.length === 0 || used.length === 0) return [];
    const all = docs.map(texts);
    const flat = all.flatMap((t) => used.map((f) => t[f] ?? ''));
    const vectors = await this.docEmbeddings.embedDocuments(flat);
    return docs.map((d, i) => {
      const named: Record<string, Float32Array> = {};
      used.forEach((f, j) => {
        if ((all[i]![f] ?? '').trim()) named[f] = vectors[i * used.length + j]!;
      });
      return { id: d.id, vectors: named, metadata: d };
    });
  }

  /** Removes a server and all its tools. */
  async removeServer(serverName: string): Promise<void> {
    const outcome: IndexOutcome = { tools: 0, vectors: 0, keyword: true, vector: true, errors: {} };
    await this.removeTools([...(this.toolsByServer.get(serverName) ?? [])], outcome);
    this.servers.delete(serverName);
    await Promise.all([
      this.deps.keyword.remove('server', [serverName]),
      this.deps.vector.remove('server', [serverName]),
    ]);
  }

  private async removeTools(ids: string[], outcome: IndexOutcome): Promise<void> {
    for (const id of ids) {
      const doc = this.tools.get(id);
      if (doc) this.toolsByServer.get(doc.serverName)?.delete(id);
      this.tools.delete(id);
      this.dropToolTerms(id);
    }
    const [k, v] = await Promise.all([
      settle(this.deps.keyword.remove('tool', ids)),
      settle(this.deps.vector.remove('tool', ids)),
    ]);
    if (!k!.ok) {
      outcome.keyword = false;
      outcome.errors.keyword = k!.error;
    }
    if (!v!.ok) {
      outcome.vector = false;
      outcome.errors.vector = v!.error;
    }
  }

  /** Trust tier or install count changed: re-index with the new signals (vectors are reused, not re-embedded). */
  async updateSignals(serverName: string, signals: ServerSignals): Promise<IndexOutcome | undefined> {
    const server = this.servers.get(serverName);
    if (!server) return undefined;
    const tools = [...(this.toolsByServer.get(serverName) ?? [])].map((id) =>
      withSignals(this.tools.get(id)!, signals),
    );
    return this.index(tools, [withSignals(server, signals)]);
  }

  private setToolTerms(doc: ToolDocument): void {
    if (this.config.diversify.weight <= 0) return;
    this.dropToolTerms(doc.id);
    const terms = new Set<string>();
    for (const text of Object.values(toolKeywordFields(doc)))
      for (const t of tokenize(text, { stem: this.config.keyword.stem })) terms.add(t);
    this.toolTerms.set(doc.id, terms);
    for (const t of terms) this.termDf.set(t, (this.termDf.get(t) ?? 0) + 1);
  }

  private dropToolTerms(id: string): void {
    const old = this.toolTerms.get(id);
    if (!old) return;
    for (const t of old) {
      const df = (this.termDf.get(t) ?? 1) - 1;
      if (df > 0) this.termDf.set(t, df);
      else this.termDf.delete(t);
    }
    this.toolTerms.delete(id);
  }

  /**
   * Greedy aspect-coverage re-ranking of the first `depth` fused tools (see `DiversifyConfig`): each step takes
   * the tool with the best `score − weight · redundancy`, where redundancy is the idf share of the query terms
   * it matches that the tools already taken cover. Scores are left as fused; only the order changes.
   */
  private diversify(fused: FusedHit[], query: string): FusedHit[] {
    const { weight, depth } = this.config.diversify;
    if (weight <= 0 || fused.length < 2) return fused;
    const n = this.toolTerms.size;
    const idf = new Map<string, number>();
    for (const t of tokenize(this.keywordText(query), { stem: this.config.keyword.stem })) {
      const df = this.termDf.get(t);
      if (df) idf.set(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    }
    let total = 0;
    for (const w of idf.values()) total += w;
    if (total <= 0) return fused;
    const pool = fused.slice(0, depth).map((h) => {
      const terms = this.toolTerms.get(h.id);
      return { hit: h, matched: [...idf.keys()].filter((t) => terms?.has(t)) };
    });
    const covered = new Set<string>();
    const out: FusedHit[] = [];
    while (pool.length) {
      let best = 0;
      let bestScore = -Infinity;
      pool.forEach((c, i) => {
        let redundant = 0;
        for (const t of c.matched) if (covered.has(t)) redundant += idf.get(t)!;
        const s = c.hit.score - (weight * redundant) / total;
        if (s > bestScore) {
          bestScore = s;
          best = i;
        }
      });
      const [taken] = pool.splice(best, 1);
      out.push(taken!.hit);
      for (const t of taken!.matched) covered.add(t);
    }
    return [...out, ...fused.slice(depth)];
  }

  /** The query text the keyword leg sees. */
  private keywordText(query: string): string {
    return this.config.keyword.queryStopwords ? stripRequestWords(query) : query;
  }

  getTool(id: string): ToolDocument | undefined {
    return this.tools.get(id);
  }
  getServer(name: string): ServerDocument | undefined {
    return this.servers.get(name);
  }
  get toolCount(): number {
    return this.tools.size;
  }

  // ---------------------------------------------------------------- querying

  /** Ranked tools for a query. */
  async searchTools(request: SearchRequest): Promise<SearchResponse<ToolHit>> {
    const fusion = this.fusionOf(request);
    const boost = this.config.rollup.toolServerBoost;
    const kinds: DocKind[] = boost > 0 ? ['tool', 'server'] : ['tool'];
    const { legs, failed, degraded } = await this.runLegs(
      kinds,
      request,
      request.depth ?? Math.max(request.limit ?? 10, fusion.depth),
    );
    let fused = fuse(legs.tool.keyword, legs.tool.vector, fusion);
    if (boost > 0) {
      const serverScore = new Map(
        fuse(legs.server.keyword, legs.server.vector, fusion).map((h) => [h.id, h.score]),
      );
      fused = fused
        .map((f) => ({
          ...f,
          score:
            (f.score + boost * (serverScore.get(this.tools.get(f.id)?.serverName ?? '') ?? 0)) / (1 + boost),
        }))
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    }
    fused = this.diversify(fused, request.query);
    const hits = fused.map((f) => this.toolHit(f)).filter((h): h is ToolHit => h !== undefined);
    return {
      hits: hits.slice(0, request.limit ?? 10),
      degraded,
      failedLegs: failed,
      facets: facetsOf(hits),
    };
  }

  /** Ranked servers: their best tools rolled up, plus their own text. */
  async searchServers(request: ServerSearchRequest): Promise<ServerSearchResponse> {
    const fusion = this.fusionOf(request);
    const { legs, failed, degraded } = await this.runLegs(
      ['tool', 'server'],
      request,
      request.depth ?? fusion.depth,
    );
    const toolFused = fuse(legs.tool.keyword, legs.tool.vector, fusion);
    const serverFused = fuse(legs.server.keyword, legs.server.vector, fusion);
    const serverText = new Map(serverFused.map((h) => [h.id, h.score]));
    const serverLegs = new Map(serverFused.map((h) => [h.id, h]));
    const toolScores = toolFused
      .map((h) => ({ id: h.id, serverName: this.tools.get(h.id)?.serverName ?? '', score: h.score }))
      .filter((t) => t.serverName && this.servers.has(t.serverName));
    const rolled = rollupServers(toolScores, serverText, this.config.rollup).filter((r) =>
      this.servers.has(r.serverName),
    );
    const floor =
      request.semanticFloor !== undefined && request.mode !== 'SEMANTIC' && !failed.includes('keyword')
        ? request.semanticFloor
        : undefined;
    const limit = request.limit ?? 10;
    const depth = Math.min(rolled.length, request.countDepth ?? rolled.length);
    // Up to `countDepth` servers are counted, but only the page becomes hits: building a hit (and its
    // matched tools) for each of hundreds of candidates was a measurable share of a search's CPU.
    const hits: ServerHit[] = [];
    const facets = new FacetCounter();
    let totalCount = 0;
    for (let i = 0; i < depth; i++) {
      const r = rolled[i]!;
      const legsOf = serverLegs.get(r.serverName);
      if (floor !== undefined && legsOf?.keywordScore === undefined && (legsOf?.vectorScore ?? 0) < floor)
        continue;
      const doc = this.servers.get(r.serverName)!;
      totalCount++;
      facets.add(doc);
      if (hits.length < limit) hits.push(this.serverHit(r, doc, legsOf));
    }
    return { hits, degraded, failedLegs: failed, facets: facets.result(), totalCount };
  }

  private serverHit(r: ServerRollup, doc: ServerDocument, legsOf: FusedHit | undefined): ServerHit {
    const hit: ServerHit = {
      serverName: doc.id,
      description: doc.description,
      tier: doc.tier,
      categories: doc.categories,
      installs: doc.installs,
      score: r.score,
      matchedTools: r.tools
        .slice(0, 5)
        .map((t) => ({ id: t.id, toolName: this.tools.get(t.id)!.toolName, score: t.score })),
    };
    if (doc.title) hit.title = doc.title;
    if (legsOf?.keywordScore !== undefined) hit.keywordScore = legsOf.keywordScore;
    if (legsOf?.vectorScore !== undefined) hit.vectorScore = legsOf.vectorScore;
    return hit;
  }

  private fusionOf(request: SearchRequest): FusionConfig {
    return { ...this.config.fusion, ...request.fusion };
  }

  private toolHit(f: FusedHit): ToolHit | undefined {
    const doc = this.tools.get(f.id);
    if (!doc) return undefined;
    const hit: ToolHit = {
      id: doc.id,
      toolName: doc.toolName,
      serverName: doc.serverName,
      description: doc.description,
      tier: doc.tier,
      categories: doc.categories,
      installs: doc.installs,
      score: f.score,
    };
    if (doc.title) hit.title = doc.title;
    if (f.keywordScore !== undefined) hit.keywordScore = f.keywordScore;
    if (f.vectorScore !== undefined) hit.vectorScore = f.vectorScore;
    return hit;
  }

  /**
   * Runs the requested legs for the given kinds concurrently. The keyword searches start at once; the vector
   * searches start when the (single, shared) query embedding is ready.
   */
  private async runLegs(
    kinds: DocKind[],
    request: SearchRequest,
    depth: number,
  ): Promise<{
    legs: Record<DocKind, { keyword?: LegResult; vector?: LegResult }>;
    failed: Leg[];
    degraded: boolean;
  }> {
    const mode = request.mode ?? 'HYBRID';
    const wantKeyword = mode !== 'SEMANTIC';
    const wantVector = mode !== 'KEYWORD';
    const text = request.query.trim();
    const legs: Record<DocKind, { keyword?: LegResult; vector?: LegResult }> = { tool: {}, server: {} };
    if (!text) return { legs, failed: [], degraded: false };

    // The vector leg starts first: its embedding is posted to a worker before the (synchronous) embedded
    // BM25 runs on this thread, so the two overlap instead of adding up.
    const vectorP = wantVector ? this.vectorLegs(kinds, text, depth, request.filters) : undefined;
    const keywordText = this.keywordText(text);
    const keywordP =
      wantKeyword && keywordText.trim()
        ? Promise.all(
            kinds.map(async (kind) => {
              const r = await this.deps.keyword.search(kind, {
                text: keywordText,
                limit: depth,
                filters: request.filters,
              });
              const leg: LegResult = { hits: r.hits };
              if (r.maxScore !== undefined) leg.bounds = { min: 0, max: r.maxScore };
              return leg;
            }),
          )
        : undefined;
    const [k, v] = await Promise.all([settle(keywordP), settle(vectorP)]);
    const failed: Leg[] = [];
    const causes: Partial<Record<Leg, unknown>> = {};
    if (k && !k.ok) {
      failed.push('keyword');
      causes.keyword = k.error;
      this.deps.onLegError?.('keyword', k.error);
    }
    if (v && !v.ok) {
      failed.push('vector');
      causes.vector = v.error;
      this.deps.onLegError?.('vector', v.error);
    }
    const requested = (wantKeyword ? 1 : 0) + (wantVector ? 1 : 0);
    if (failed.length === requested) throw new SearchUnavailableError(causes);
    kinds.forEach((kind, i) => {
      if (k?.ok) legs[kind].keyword = k.value[i];
      if (v?.ok) legs[kind].vector = v.value[i];
    });
    return { legs, failed, degraded: failed.length > 0 };
  }

  /**
   * The vector leg: one embedding call for the query (and its clauses, for multi-aspect matching), then one
   * search per (facet, query vector). A document's score is the facet-weighted mean of
   * `(1 − w) · cos(query) + w · max cos(clause)`; a document missing from one list gets that list's lowest score.
   */
  private async vectorLegs(
    kinds: DocKind[],
    text: string,
    depth: number,
    filters?: SearchFilters,
  ): Promise<LegResult[]> {
    const vc = this.config.vector;
    const clauses = vc.clauseWeight > 0 ? splitClauses(text, vc.maxClauses) : [];
    const useClauses = clauses.length > 1;
    const queries = useClauses ? [text, ...clauses] : [text];
    const vectors = await withTimeout(
      this.deps.embedder.embed(queries, 'query'),
      this.embedTimeoutMs,
      'query embedding',
    );
    return Promise.all(
      kinds.map(async (kind) => {
        const facets = Object.entries(kind === 'tool' ? vc.toolFacets : vc.serverFacets).filter(
          ([, w]) => w > 0,
        );
        const perFacet = await Promise.all(
          facets.map(async ([facet, weight]) => {
            const requests = vectors.map((vector) => ({
              vector,
              facet,
              limit: depth,
              ...(filters ? { filters } : {}),
            }));
            const lists = this.deps.vector.searchMany
              ? await this.deps.vector.searchMany(kind, requests)
              : await Promise.all(requests.map((r) => this.deps.vector.search(kind, r)));
            return { weight, scores: combineClauseLists(lists, useClauses ? vc.clauseWeight : 0) };
          }),
        );
        const total = perFacet.reduce((s, f) => s + f.weight, 0) || 1;
        const maxWeight = Math.max(...perFacet.map((f) => f.weight), 0) || 1;
        const ids = new Set<string>();
        for (const f of perFacet) for (const id of f.scores.map.keys()) ids.add(id);
        const hits: Scored[] = [];
        for (const id of ids) {
          let s = vc.facetCombine === 'max' ? -Infinity : 0;
          for (const f of perFacet) {
            const cos = f.scores.map.get(id) ?? f.scores.floor;
            s = vc.facetCombine === 'max' ? Math.max(s, (f.weight / maxWeight) * cos) : s + f.weight * cos;
          }
          hits.push({ id, score: vc.facetCombine === 'max' ? s : s / total });
        }
        hits.sort((a, b) => b.score - a.score);
        return { hits: hits.slice(0, depth), bounds: { min: -1, max: 1 } } satisfies LegResult;
      }),
    );
  }
}

/** Combines the whole-query list (first) with the clause lists: `(1 − w) · whole + w · max(clauses)`. */
function combineClauseLists(lists: Scored[][], w: number): { map: Map<string, number>; floor: number } {
  const floorOf = (l: Scored[]): number => (l.length ? l[l.length - 1]!.score : 0);
  const whole = new Map(lists[0]!.map((h) => [h.id, h.score]));
  const wholeFloor = floorOf(lists[0]!);
  if (lists.length === 1 || w === 0) return { map: whole, floor: wholeFloor };
  const clauseMax = new Map<string, number>();
  let clauseFloor = -Infinity;
  for (const l of lists.slice(1)) {
    clauseFloor = Math.max(clauseFloor, floorOf(l));
    for (const h of l) clauseMax.set(h.id, Math.max(clauseMax.get(h.id) ?? -Infinity, h.score));
  }
  const ids = new Set([...whole.keys(), ...clauseMax.keys()]);
  const map = new Map<string, number>();
  for (const id of ids) {
    const c = Math.max(clauseMax.get(id) ?? clauseFloor, clauseFloor);
    map.set(id, (1 - w) * (whole.get(id) ?? wholeFloor) + w * c);
  }
  return { map, floor: (1 - w) * wholeFloor + w * clauseFloor };
}

/** Category and tier counts, sorted by count (then value). */
class FacetCounter {
  private readonly categories = new Map<string, number>();
  private readonly tiers = new Map<string, number>();

  add(hit: { categories: readonly string[]; tier: TrustTier }): void {
    for (const c of hit.categories) this.categories.set(c, (this.categories.get(c) ?? 0) + 1);
    this.tiers.set(hit.tier, (this.tiers.get(hit.tier) ?? 0) + 1);
  }

  result(): SearchFacets {
    const sorted = (m: Map<string, number>): FacetCount[] =>
      [...m]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    return { categories: sorted(this.categories), tiers: sorted(this.tiers) };
  }
}

function facetsOf(hits: readonly { categories: readonly string[]; tier: TrustTier }[]): SearchFacets {
  const counter = new FacetCounter();
  for (const h of hits) counter.add(h);
  return counter.result();
}
