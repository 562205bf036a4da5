import { createHash } from 'node:crypto';
import type { QdrantClient, Schemas } from '@qdrant/js-client-rest' with { 'resolution-mode': 'import' };
import { tierRank } from '../domain/documents';
import type { SearchFilters } from '../domain/filters';
import type { DocKind, ScoredId } from './keyword-engine';
import type { VectorEngine, VectorPoint, VectorSearchRequest } from './vector-engine';

export interface QdrantEngineOptions {
  url: string;
  apiKey?: string;
  /** Embedder id and dimension: each (model, dimension) gets its own collections, so vectors never mix. */
  modelId: string;
  dimension: number;
  /** Named vectors per kind (e.g. tool: `tool`, `params`; server: `server`). */
  facets: Record<DocKind, string[]>;
  prefix?: string;
  hnsw?: { m: number; efConstruct: number; efSearch: number };
  /** Points per upsert request. */
  batchSize?: number;
  /** Request timeout in seconds. */
  timeout?: number;
  /** Injected client (tests); otherwise one is built from `url`. */
  client?: QdrantClient;
}

type Filter = Schemas['Filter'];
type Condition = Schemas['Condition'];

/** Payload fields with an index (keyword match or integer range) so filtered HNSW search stays fast. */
export const PAYLOAD_INDEXES: { field: string; schema: 'keyword' | 'integer' }[] = [
  { field: 'serverName', schema: 'keyword' },
  { field: 'namespace', schema: 'keyword' },
  { field: 'categories', schema: 'keyword' },
  { field: 'tier', schema: 'keyword' },
  { field: 'tierRank', schema: 'integer' },
  { field: 'registryTypes', schema: 'keyword' },
  { field: 'transports', schema: 'keyword' },
];

/** Qdrant point ids must be unsigned integers or UUIDs: a name-based UUID from SHA-256 of the document id. */
export function pointId(docId: string): string {
  const h = createHash('sha256').update(docId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Vector engine on Qdrant: one collection per (kind, model id, dimension) with named cosine vectors per facet,
 * explicit HNSW parameters, payload indexes for every filter field, batched upserts, filtered search.
 */
export class QdrantEngine implements VectorEngine {
  readonly name = 'qdrant';
  private readonly client: QdrantClient;
  private readonly ready = new Map<DocKind, Promise<void>>();

  constructor(private readonly options: QdrantEngineOptions) {
    if (options.client) this.client = options.client;
    else {
      // The package is ESM with a CommonJS build; require() picks the CJS entry under Node16 module output.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { QdrantClient: Ctor } = require('@qdrant/js-client-rest') as {
        QdrantClient: new (p: object) => QdrantClient;
      };
      this.client = new Ctor({
        url: options.url,
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
        checkCompatibility: false,
        ...(options.timeout ? { timeout: options.timeout * 1000 } : {}),
      });
    }
  }

  collectionName(kind: DocKind): string {
    const model = this.options.modelId.replace(/[^A-Za-z0-9_-]+/g, '_');
    return `${this.options.prefix ?? 'mcpr'}_${kind}s_${model}_${this.options.dimension}`;
  }

  private hnsw(): { m: number; efConstruct: number; efSearch: number } {
    return this.options.hnsw ?? { m: 16, efConstruct: 128, efSearch: 128 };
  }

  /** Creates the collection (named vectors, HNSW config) and its payload indexes if missing. */
  ensureCollection(kind: DocKind): Promise<void> {
    let p = this.ready.get(kind);
    if (!p) {
      p = (async () => {
        const name = this.collectionName(kind);
        const { exists } = await this.client.collectionExists(name);
        if (exists) return;
        const vectors: Record<string, { size: number; distance: 'Cosine' }> = {};
        for (const facet of this.options.facets[kind])
          vectors[facet] = { size: this.options.dimension, distance: 'Cosine' };
        const { m, efConstruct } = this.hnsw();
        await this.client.createCollection(name, { vectors, hnsw_config: { m, ef_construct: efConstruct } });
        for (const idx of PAYLOAD_INDEXES) {
          await this.client.createPayloadIndex(name, {
            field_name: idx.field,
            field_schema: idx.schema,
            wait: true,
          });
        }
      })();
      p.catch(() => this.ready.delete(kind));
      this.ready.set(kind, p);
    }
    return p;
  }

  async upsert(kind: DocKind, points: VectorPoint[]): Promise<void> {
    if (points.length === 0) return;
    await this.ensureCollection(kind);
    const size = this.options.batchSize ?? 64;
    for (let i = 0; i < points.length; i += size) {
      await this.client.upsert(this.collectionName(kind), {
        wait: true,
        points: points.slice(i, i + size).map((p) => ({
          id: pointId(p.id),
          vector: Object.fromEntries(Object.entries(p.vectors).map(([facet, v]) => [facet, Array.from(v)])),
          payload: {
            docId: p.id,
            serverName: p.metadata.serverName,
            namespace: p.metadata.namespace,
            categories: p.metadata.categories,
            tier: p.metadata.tier,
            tierRank: tierRank(p.metadata.tier),
            registryTypes: p.metadata.registryTypes,
            transports: p.metadata.transports,
          },
        })),
      });
    }
  }

  async remove(kind: DocKind, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ensureCollection(kind);
    await this.client.delete(this.collectionName(kind), { wait: true, points: ids.map(pointId) });
  }

  private searchRequest(request: VectorSearchRequest): Schemas['SearchRequest'] {
    const filter = qdrantFilter(request.filters);
    return {
      vector: { name: request.facet, vector: Array.from(request.vector) },
      limit: request.limit,
      with_payload: ['docId'],
      params: { hnsw_ef: Math.max(this.hnsw().efSearch, request.limit) },
      ...(filter ? { filter } : {}),
    };
  }

  async search(kind: DocKind, request: VectorSearchRequest): Promise<ScoredId[]> {
    await this.ensureCollection(kind);
    const points = await this.client.search(this.collectionName(kind), this.searchRequest(request));
    return points.map(toScored);
  }

  async searchMany(kind: DocKind, requests: VectorSearchRequest[]): Promise<ScoredId[][]> {
    if (requests.length === 0) return [];
    await this.ensureCollection(kind);
    const batches = await this.client.searchBatch(this.collectionName(kind), {
      searches: requests.map((r) => this.searchRequest(r)),
    });
    return batches.map((points) => points.map(toScored));
  }
}

function toScored(p: Schemas['ScoredPoint']): ScoredId {
  const docId = (p.payload as { docId?: unknown } | null | undefined)?.docId;
  return { id: typeof docId === 'string' ? docId : String(p.id), score: p.score };
}

/** Filters as a Qdrant filter (`match.any` within a field, `must` across fields, `must_not` for exclusions). */
export function qdrantFilter(f: SearchFilters | undefined): Filter | undefined {
  if (!f) return undefined;
  const must: Condition[] = [];
  const any = (key: string, values: string[] | undefined) => {
    if (values && values.length) must.push({ key, match: { any: values } });
  };
  any('categories', f.categories);
  any('registryTypes', f.registryTypes);
  any('transports', f.transports);
  any('namespace', f.namespaces);
  any('serverName', f.serverNames);
  if (f.minTier) must.push({ key: 'tierRank', range: { gte: tierRank(f.minTier) } });
  const mustNot: Condition[] = f.excludeServerNames?.length
    ? [{ key: 'serverName', match: { any: f.excludeServerNames } }]
    : [];
  if (!must.length && !mustNot.length) return undefined;
  return { ...(must.length ? { must } : {}), ...(mustNot.length ? { must_not: mustNot } : {}) };
}
