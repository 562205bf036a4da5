import { Client } from '@opensearch-project/opensearch';
import type { Logger } from '@mcpr/platform';
import { CachedQueryEmbedder, type Embedder, type VectorStore } from '../domain/embedder';
import { SearchService, type Leg } from '../domain/hybrid-search';
import { TUNED_SEARCH_CONFIG, type SearchConfig as EngineConfig } from '../domain/search-config';
import { Bm25Engine } from '../engines/bm25-engine';
import { DeferredDocumentEmbedder } from '../engines/embedders/deferred-document-embedder';
import { HashingEmbedder } from '../engines/embedders/hashing-embedder';
import { OpenAiEmbedder } from '../engines/embedders/openai-embedder';
import { UseLiteEmbedder } from '../engines/embedders/use-lite-embedder';
import { ExactVectorEngine } from '../engines/exact-vector-engine';
import type { KeywordEngine } from '../engines/keyword-engine';
import { OpenSearchEngine } from '../engines/opensearch-engine';
import { QdrantEngine } from '../engines/qdrant-engine';
import type { VectorEngine } from '../engines/vector-engine';
import { embedderKindOf, type SearchConfig } from '../env';

/** The engines and embedder a search service runs on. */
export interface SearchRuntime {
  service: SearchService;
  embedder: Embedder;
  /** The query side: the LRU cache over `embedder` (its counters say how long queries spent embedding). */
  queries: CachedQueryEmbedder;
  /** The background document embedder, when vectors are indexed asynchronously. */
  documents?: DeferredDocumentEmbedder;
  keyword: KeywordEngine;
  vector: VectorEngine;
  /** Creates external indexes/collections when configured (no-op for the embedded engines). */
  prepare(): Promise<void>;
  close(): Promise<void>;
}

/** Replacements for what the configuration would build (tests inject failing engines or a fake embedder). */
export interface SearchRuntimeOverrides {
  embedder?: Embedder;
  keyword?: KeywordEngine;
  vector?: VectorEngine;
  engineConfig?: EngineConfig;
  embedTimeoutMs?: number;
  /** Where document vectors persist by content hash (default: memory). */
  vectorStore?: VectorStore;
  /** `async`: keyword documents are indexed at once and vectors follow (default from SEARCH_VECTOR_INDEXING). */
  vectorIndexing?: 'async' | 'inline';
}

/** The embedder the configuration selects. */
export function createEmbedder(config: SearchConfig): Embedder {
  switch (embedderKindOf(config)) {
    case 'hashing':
      return new HashingEmbedder(256);
    case 'openai':
      if (!config.EMBEDDINGS_URL) throw new Error('SEARCH_EMBEDDER=openai needs EMBEDDINGS_URL');
      return new OpenAiEmbedder({
        baseUrl: config.EMBEDDINGS_URL,
        model: config.EMBEDDINGS_MODEL,
        dimension: config.EMBEDDINGS_DIMENSION,
        ...(config.EMBEDDINGS_API_KEY ? { apiKey: config.EMBEDDINGS_API_KEY } : {}),
      });
    default:
      // With ≥ 2 workers one is kept for queries, so a query never waits behind a document.
      return new UseLiteEmbedder({ workers: config.SEARCH_EMBEDDER_WORKERS });
  }
}

/**
 * Builds the search service: BM25 + exact vectors embedded, or OpenSearch / Qdrant when their URLs are set;
 * the configured embedder behind the query-vector cache; the tuned engine configuration.
 */
export function createSearchRuntime(
  config: SearchConfig,
  logger: Logger,
  overrides: SearchRuntimeOverrides = {},
): SearchRuntime {
  const engineConfig = overrides.engineConfig ?? TUNED_SEARCH_CONFIG;
  const embedder = overrides.embedder ?? createEmbedder(config);
  const openSearch =
    !overrides.keyword && config.OPENSEARCH_URL
      ? new OpenSearchEngine({
          client: new Client({ node: config.OPENSEARCH_URL }),
          config: engineConfig.keyword,
        })
      : undefined;
  const qdrant =
    !overrides.vector && config.QDRANT_URL
      ? new QdrantEngine({
          url: config.QDRANT_URL,
          ...(config.QDRANT_API_KEY ? { apiKey: config.QDRANT_API_KEY } : {}),
          modelId: embedder.id,
          dimension: embedder.dimension,
          facets: {
            tool: facetNames(engineConfig.vector.toolFacets),
            server: facetNames(engineConfig.vector.serverFacets),
          },
        })
      : undefined;
  const keyword = overrides.keyword ?? openSearch ?? new Bm25Engine(engineConfig.keyword);
  const vector =
    overrides.vector ??
    qdrant ??
    new ExactVectorEngine(embedder.dimension, config.SEARCH_VECTOR_QUANTIZATION);
  const queries = new CachedQueryEmbedder(embedder);
  const documents =
    (overrides.vectorIndexing ?? config.SEARCH_VECTOR_INDEXING) === 'async'
      ? new DeferredDocumentEmbedder(embedder)
      : undefined;
  const service = new SearchService({
    keyword,
    vector,
    embedder: queries,
    documentEmbedder: documents ?? embedder,
    ...(overrides.vectorStore ? { vectorStore: overrides.vectorStore } : {}),
    config: engineConfig,
    ...(overrides.embedTimeoutMs !== undefined ? { embedTimeoutMs: overrides.embedTimeoutMs } : {}),
    onLegError: (leg: Leg, error: unknown) =>
      logger.warn({ leg, err: error }, 'search leg failed; answering from the other leg'),
  });
  return {
    service,
    embedder,
    queries,
    ...(documents ? { documents } : {}),
    keyword,
    vector,
    async prepare() {
      if (openSearch) await openSearch.ensureIndexes();
      if (qdrant) await Promise.all([qdrant.ensureCollection('tool'), qdrant.ensureCollection('server')]);
    },
    async close() {
      await documents?.close();
      await embedder.close?.();
    },
  };
}

function facetNames(weights: Record<string, number>): string[] {
  return Object.entries(weights)
    .filter(([, w]) => w > 0)
    .map(([f]) => f);
}
