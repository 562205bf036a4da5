import { buildToolDocuments } from '../src/domain/documents';
import { pointId, QdrantEngine } from '../src/engines/qdrant-engine';
import { startFakeServer, type RecordedRequest } from './fake-http-server';
import { MANIFESTS } from './fixtures';

const ok = (result: unknown) => ({ body: { result, status: 'ok', time: 0 } });

function responder(exists: boolean) {
  return (req: RecordedRequest) => {
    if (req.path.endsWith('/exists')) return ok({ exists });
    if (req.path.includes('/points/search/batch'))
      return ok([[{ id: pointId('a'), version: 1, score: 0.9, payload: { docId: 'a' } }], []]);
    if (req.path.includes('/points/search'))
      return ok([
        {
          id: pointId('io.github.acme/postgres::run_query'),
          version: 1,
          score: 0.83,
          payload: { docId: 'io.github.acme/postgres::run_query' },
        },
      ]);
    return ok(true);
  };
}

const tools = buildToolDocuments(MANIFESTS[0]!.manifest, MANIFESTS[0]!.signals);
const points = tools.map((d, i) => ({
  id: d.id,
  vectors: { tool: new Float32Array([1, i]), params: new Float32Array([0.5, 0.5]) },
  metadata: d,
}));

describe('QdrantEngine (contract: exact requests)', () => {
  it('creates a collection per kind, model id and dimension, with named vectors, HNSW params and payload indexes', async () => {
    const fake = await startFakeServer(responder(false));
    try {
      const e = new QdrantEngine({
        url: fake.url,
        modelId: 'use-lite-512',
        dimension: 2,
        facets: { tool: ['tool', 'params'], server: ['full'] },
        hnsw: { m: 32, efConstruct: 200, efSearch: 64 },
      });
      expect(e.collectionName('tool')).toBe('mcpr_tools_use-lite-512_2');
      await e.ensureCollection('tool');
      await e.ensureCollection('tool');
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /collections/mcpr_tools_use-lite-512_2/exists',
        'PUT /collections/mcpr_tools_use-lite-512_2',
        ...['serverName', 'namespace', 'categories', 'tier', 'tierRank', 'registryTypes', 'transports'].map(
          () => 'PUT /collections/mcpr_tools_use-lite-512_2/index?wait=true',
        ),
      ]);
      expect(fake.requests[1]!.body).toEqual({
        vectors: { tool: { size: 2, distance: 'Cosine' }, params: { size: 2, distance: 'Cosine' } },
        hnsw_config: { m: 32, ef_construct: 200 },
      });
      expect(fake.requests.slice(2).map((r) => r.body)).toEqual([
        { field_name: 'serverName', field_schema: 'keyword' },
        { field_name: 'namespace', field_schema: 'keyword' },
        { field_name: 'categories', field_schema: 'keyword' },
        { field_name: 'tier', field_schema: 'keyword' },
        { field_name: 'tierRank', field_schema: 'integer' },
        { field_name: 'registryTypes', field_schema: 'keyword' },
        { field_name: 'transports', field_schema: 'keyword' },
      ]);
    } finally {
      await fake.close();
    }
  });

  it('upserts in batches with UUID point ids and the filter payload; deletes by point id', async () => {
    const fake = await startFakeServer(responder(true));
    try {
      const e = new QdrantEngine({
        url: fake.url,
        modelId: 'm',
        dimension: 2,
        facets: { tool: ['tool', 'params'], server: [] },
        batchSize: 1,
      });
      await e.upsert('tool', points);
      const upserts = fake.requests.filter((r) => r.path.includes('/points?'));
      expect(fake.requests[0]!.path).toBe('/collections/mcpr_tools_m_2/exists');
      expect(upserts.map((r) => `${r.method} ${r.path}`)).toEqual([
        'PUT /collections/mcpr_tools_m_2/points?wait=true',
        'PUT /collections/mcpr_tools_m_2/points?wait=true',
      ]);
      expect(upserts[0]!.body).toEqual({
        points: [
          {
            id: pointId('io.github.acme/postgres::run_query'),
            vector: { tool: [1, 0], params: [0.5, 0.5] },
            payload: {
              docId: 'io.github.acme/postgres::run_query',
              serverName: 'io.github.acme/postgres',
              namespace: 'io.github.acme',
              categories: ['Databases'],
              tier: 'SECURITY_AUDITED',
              tierRank: 2,
              registryTypes: ['npm'],
              transports: ['stdio'],
            },
          },
        ],
      });
      await e.remove('tool', ['io.github.acme/postgres::run_query']);
      const del = fake.requests.at(-1)!;
      expect(`${del.method} ${del.path}`).toBe('POST /collections/mcpr_tools_m_2/points/delete?wait=true');
      expect(del.body).toEqual({ points: [pointId('io.github.acme/postgres::run_query')] });
    } finally {
      await fake.close();
    }
  });

  it('searches a named vector with the filter and maps hits back to document ids', async () => {
    const fake = await startFakeServer(responder(true));
    try {
      const e = new QdrantEngine({
        url: fake.url,
        modelId: 'm',
        dimension: 2,
        facets: { tool: ['tool'], server: [] },
      });
      const hits = await e.search('tool', {
        vector: new Float32Array([1, 0]),
        facet: 'tool',
        limit: 150,
        filters: { categories: ['Databases'], minTier: 'COMMUNITY_TRUSTED', excludeServerNames: ['x/y'] },
      });
      expect(hits).toEqual([{ id: 'io.github.acme/postgres::run_query', score: 0.83 }]);
      const req = fake.requests.at(-1)!;
      expect(`${req.method} ${req.path}`).toBe('POST /collections/mcpr_tools_m_2/points/search');
      expect(req.body).toEqual({
        vector: { name: 'tool', vector: [1, 0] },
        limit: 150,
        offset: 0,
        filter: {
          must: [
            { key: 'categories', match: { any: ['Databases'] } },
            { key: 'tierRank', range: { gte: 1 } },
          ],
          must_not: [{ key: 'serverName', match: { any: ['x/y'] } }],
        },
        params: { hnsw_ef: 150 },
        with_payload: ['docId'],
        with_vector: false,
      });

      const many = await e.searchMany('tool', [
        { vector: new Float32Array([1, 0]), facet: 'tool', limit: 5 },
        { vector: new Float32Array([0, 1]), facet: 'tool', limit: 5 },
      ]);
      expect(many).toEqual([[{ id: 'a', score: 0.9 }], []]);
      const batch = fake.requests.at(-1)!;
      expect(`${batch.method} ${batch.path}`).toBe('POST /collections/mcpr_tools_m_2/points/search/batch');
      expect(batch.body).toEqual({
        searches: [
          {
            vector: { name: 'tool', vector: [1, 0] },
            limit: 5,
            with_payload: ['docId'],
            params: { hnsw_ef: 128 },
          },
          {
            vector: { name: 'tool', vector: [0, 1] },
            limit: 5,
            with_payload: ['docId'],
            params: { hnsw_ef: 128 },
          },
        ],
      });
    } finally {
      await fake.close();
    }
  });

  it('point ids are stable RFC 4122-shaped UUIDs', () => {
    expect(pointId('a')).toBe(pointId('a'));
    expect(pointId('a')).not.toBe(pointId('b'));
    expect(pointId('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

const QDRANT_URL = process.env.QDRANT_URL;
(QDRANT_URL ? describe : describe.skip)(
  'QdrantEngine integration (needs QDRANT_URL; skipped when unset)',
  () => {
    it('creates, upserts, searches with filters and removes', async () => {
      const e = new QdrantEngine({
        url: QDRANT_URL!,
        modelId: `it-${Date.now()}`,
        dimension: 2,
        facets: { tool: ['tool', 'params'], server: ['full'] },
      });
      await e.upsert('tool', points);
      const hits = await e.search('tool', { vector: new Float32Array([1, 0]), facet: 'tool', limit: 2 });
      expect(hits[0]!.id).toBe('io.github.acme/postgres::run_query');
      const none = await e.search('tool', {
        vector: new Float32Array([1, 0]),
        facet: 'tool',
        limit: 2,
        filters: { minTier: 'CERTIFIED' },
      });
      expect(none).toEqual([]);
      await e.remove('tool', [points[0]!.id]);
      const after = await e.search('tool', { vector: new Float32Array([1, 0]), facet: 'tool', limit: 2 });
      expect(after.map((h) => h.id)).not.toContain(points[0]!.id);
    });
  },
);
