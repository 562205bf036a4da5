/**
 * Shared pieces of the evaluation harness and the tuner: build a `SearchService` over a dataset through the
 * real indexing path, and score every query through the real query path.
 */
import {
  CachedQueryEmbedder,
  InMemoryVectorStore,
  normalizeForEmbedding,
  type Embedder,
} from '../../subgraphs/search/src/domain/embedder';
import { serverEmbeddingTexts, toolEmbeddingTexts } from '../../subgraphs/search/src/domain/fields';
import { buildServerDocument, buildToolDocuments } from '../../subgraphs/search/src/domain/documents';
import {
  SearchService,
  splitClauses,
  type SearchRequest,
} from '../../subgraphs/search/src/domain/hybrid-search';
import type { SearchConfig } from '../../subgraphs/search/src/domain/search-config';
import { Bm25Engine } from '../../subgraphs/search/src/engines/bm25-engine';
import { ExactVectorEngine, type Quantization } from '../../subgraphs/search/src/engines/exact-vector-engine';
import {
  loadStaticTable,
  loadUseLiteVocabulary,
  StaticTableEmbedder,
} from '../../subgraphs/search/src/engines/embedders/static-table-embedder';
import { UseLiteEmbedder } from '../../subgraphs/search/src/engines/embedders/use-lite-embedder';
import type { Dataset } from './datasets';
import { DiskCachedEmbedder } from './disk-cache';
import { ndcgAt, recallAt } from './metrics';

export interface Embedders {
  /** What the service embeds queries with (LRU-cached, as in production). */
  query: Embedder;
  /** What the service embeds documents with. */
  document: Embedder;
  /** The on-disk cache, when the embedder is slow enough to need one. */
  disk?: DiskCachedEmbedder;
  close(): Promise<void>;
}

/** USE-lite in a 2-worker pool behind the on-disk cache. */
export function useLiteEmbedders(workers = 2): Embedders {
  const disk = new DiskCachedEmbedder(new UseLiteEmbedder({ workers, reserveQueryWorker: false }));
  return { query: new CachedQueryEmbedder(disk, 100_000), document: disk, disk, close: () => disk.close() };
}

/** The distilled static table (see distill.ts); no cache needed. */
export function staticTableEmbedders(path: string): Embedders {
  const e = new StaticTableEmbedder(loadStaticTable(path), loadUseLiteVocabulary());
  return { query: e, document: e, close: async () => undefined };
}

/** Embeds every document facet and query (and query clause) ahead of time, in large parallel chunks. */
export async function prefetchEmbeddings(
  datasets: Dataset[],
  embedders: Embedders,
  log: (s: string) => void,
): Promise<void> {
  const docTexts: string[] = [];
  const queryTexts: string[] = [];
  for (const d of datasets) {
    for (const m of d.manifests) {
      for (const t of buildToolDocuments(m)) docTexts.push(...Object.values(toolEmbeddingTexts(t)));
      docTexts.push(...Object.values(serverEmbeddingTexts(buildServerDocument(m))));
    }
    for (const q of d.queries) queryTexts.push(q.text, ...splitClauses(q.text, 8));
  }
  const disk = embedders.disk;
  if (!disk) return;
  const norm = (xs: string[]) => xs.map((x) => normalizeForEmbedding(x)).filter(Boolean);
  const started = Date.now();
  await disk.prefetch(norm(docTexts), 'document', (done, total) => log(`  documents ${done}/${total}`));
  await disk.prefetch(norm(queryTexts), 'query', (done, total) => {
    if (done % 2048 === 0 || done === total) log(`  queries ${done}/${total}`);
  });
  if (disk.computed > 0)
    log(`  embedded ${disk.computed} new texts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export interface ServiceOptions {
  quantization?: Quantization;
  /** Shared across builds so re-indexing with another config never re-embeds. */
  vectorStore?: InMemoryVectorStore;
}

/** Builds and indexes a search service for the dataset, exactly as the subgraph does on `version.published`. */
export async function buildService(
  dataset: Dataset,
  embedders: Embedders,
  config: SearchConfig,
  opts: ServiceOptions = {},
): Promise<SearchService> {
  const service = new SearchService({
    keyword: new Bm25Engine(config.keyword),
    vector: new ExactVectorEngine(embedders.document.dimension, opts.quantization ?? 'none'),
    embedder: embedders.query,
    documentEmbedder: embedders.document,
    vectorStore: opts.vectorStore ?? new InMemoryVectorStore(),
    config,
    embedTimeoutMs: 600_000,
  });
  for (const m of dataset.manifests) {
    const outcome = await service.indexManifest(m);
    if (!outcome.keyword || !outcome.vector)
      throw new Error(
        `indexing ${m.name} failed: ${String(outcome.errors.keyword ?? outcome.errors.vector)}`,
      );
  }
  return service;
}

export interface ToolScores {
  ndcg10: number[];
  r5: number[];
  r10: number[];
}
export interface ServerScores {
  r5: number[];
  ndcg5: number[];
}

/** Runs every query through `searchTools` and scores the ranking. */
export async function evaluateTools(
  service: SearchService,
  dataset: Dataset,
  request: Omit<SearchRequest, 'query'>,
  queries = dataset.queries,
): Promise<ToolScores> {
  const out: ToolScores = { ndcg10: [], r5: [], r10: [] };
  for (const q of queries) {
    const rel = dataset.toolQrels.get(q.qid);
    if (!rel) continue;
    const res = await service.searchTools({ ...request, query: q.text, limit: 10 });
    const ranked = res.hits.map((h) => h.id);
    out.ndcg10.push(ndcgAt(ranked, rel, 10));
    out.r5.push(recallAt(ranked, rel, 5));
    out.r10.push(recallAt(ranked, rel, 10));
  }
  return out;
}

/** Runs every query through `searchServers` and scores the ranking against server-level qrels. */
export async function evaluateServers(
  service: SearchService,
  dataset: Dataset,
  request: Omit<SearchRequest, 'query'>,
  qrels = dataset.serverQrels,
  queries = dataset.queries,
): Promise<ServerScores> {
  const out: ServerScores = { r5: [], ndcg5: [] };
  if (!qrels) return out;
  for (const q of queries) {
    const rel = qrels.get(q.qid);
    if (!rel) continue;
    const res = await service.searchServers({ ...request, query: q.text, limit: 10 });
    const ranked = res.hits.map((h) => h.serverName);
    out.r5.push(recallAt(ranked, rel, 5));
    out.ndcg5.push(ndcgAt(ranked, rel, 5));
  }
  return out;
}

export function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

/** Server-level qrels derived from tool qrels (the servers of the relevant tools). */
export function serverQrelsFromTools(dataset: Dataset, service: SearchService): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [qid, tools] of dataset.toolQrels) {
    const s = new Set<string>();
    for (const id of tools) {
      const doc = service.getTool(id);
      if (doc) s.add(doc.serverName);
    }
    out.set(qid, s);
  }
  return out;
}
