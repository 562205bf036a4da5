import { z } from 'zod';
import { commonEnvShape, optionalString, optionalUrl, parseEnv, port } from '@mcpr/platform';

const schema = z.object({
  ...commonEnvShape,
  SEARCH_PORT: port(4004),
  /** PostgreSQL for search's state (else DATABASE_URL, else SQLite under DATA_DIR). */
  SEARCH_DATABASE_URL: optionalUrl(),
  /** `use-lite` (default, embedded model), `hashing` (tests, no model) or `openai` (needs EMBEDDINGS_URL). */
  SEARCH_EMBEDDER: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['use-lite', 'hashing', 'openai']).optional(),
  ),
  /** OpenAI-compatible embeddings endpoint (base URL without `/v1/embeddings`); selects the openai embedder. */
  EMBEDDINGS_URL: optionalUrl(),
  EMBEDDINGS_MODEL: z.string().default('text-embedding-3-small'),
  EMBEDDINGS_DIMENSION: z.coerce.number().int().positive().default(1536),
  EMBEDDINGS_API_KEY: optionalString(),
  /**
   * USE-lite worker threads (0 = on the request thread). With ≥ 2 one worker is kept for queries, so a query
   * never waits behind a document; with 1 a query waits at most for the document text in progress.
   */
  SEARCH_EMBEDDER_WORKERS: z.coerce.number().int().min(0).max(16).default(2),
  /**
   * `async` (default): a published server is searchable once its keyword documents are indexed, and its
   * vectors follow in the background; `inline`: indexing waits for the vectors.
   */
  SEARCH_VECTOR_INDEXING: z.enum(['async', 'inline']).default('async'),
  /**
   * Row format of the embedded vector engine: `int8` (default; a quarter of the memory, scanned ~3x faster,
   * within 0.1 nDCG of float32 in bench/search-quality) or `none` (float32).
   */
  SEARCH_VECTOR_QUANTIZATION: z.enum(['int8', 'none']).default('int8'),
  /** External keyword engine; the embedded BM25 engine otherwise. */
  OPENSEARCH_URL: optionalUrl(),
  /** External vector engine; the embedded exact engine otherwise. */
  QDRANT_URL: optionalUrl(),
  QDRANT_API_KEY: optionalString(),
  /** Share of searches published as `search.performed` (1 = every one). */
  SEARCH_EVENT_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(1),
});

export type SearchConfig = z.infer<typeof schema>;
export type SearchEmbedderKind = 'use-lite' | 'hashing' | 'openai';

/** The only place the search subgraph reads its environment. */
export function loadSearchEnv(source: Record<string, string | undefined> = process.env): SearchConfig {
  return parseEnv(schema, source);
}

const reindexSchema = schema.extend({
  /** The gateway the registry is read through (default: the embedded gateway on PORT). */
  GATEWAY_URL: optionalUrl(),
  PORT: port(4000),
  /** An ADMIN key (default: the bootstrap key under DATA_DIR, as embedded mode writes it). */
  MCPR_ADMIN_KEY: optionalString(),
  /** Running search instances to reload, comma-separated base URLs (default: http://HOST:SEARCH_PORT). */
  SEARCH_URL: optionalString(),
});

export type ReindexConfig = z.infer<typeof reindexSchema>;

/** The environment of the `reindex` command. */
export function loadReindexEnv(source: Record<string, string | undefined> = process.env): ReindexConfig {
  return parseEnv(reindexSchema, source);
}

/** Which embedder the configuration selects: explicit SEARCH_EMBEDDER, else openai with EMBEDDINGS_URL, else USE-lite. */
export function embedderKindOf(config: SearchConfig): SearchEmbedderKind {
  return config.SEARCH_EMBEDDER ?? (config.EMBEDDINGS_URL ? 'openai' : 'use-lite');
}
