import { Client } from '@opensearch-project/opensearch';
import { buildServerDocument, buildToolDocuments } from '../src/domain/documents';
import { DEFAULT_SEARCH_CONFIG, withConfig } from '../src/domain/search-config';
import { STOPWORDS } from '../src/domain/tokenize';
import { OpenSearchEngine } from '../src/engines/opensearch-engine';
import { startFakeServer, type RecordedRequest, type Responder } from './fake-http-server';
import { MANIFESTS } from './fixtures';

const config = withConfig(DEFAULT_SEARCH_CONFIG, {
  keyword: {
    tool: {
      k1: 1.2,
      fields: {
        name: { boost: 3, b: 0.5 },
        description: { boost: 1, b: 0.75 },
        paramNames: { boost: 0.5, b: 0.3 },
        paramDescriptions: { boost: 0.4, b: 0.3 },
        server: { boost: 0.8, b: 0.2 },
        serverDescription: { boost: 0.3, b: 0.75 },
        categories: { boost: 0, b: 0 },
      },
    },
  },
}).keyword;

function responder(req: RecordedRequest): ReturnType<Responder> {
  if (req.method === 'HEAD') return { status: 404 };
  if (req.path.endsWith('/_search'))
    return {
      body: {
        took: 1,
        hits: {
          hits: [
            { _id: 'io.github.acme/postgres::run_query', _score: 7.5 },
            { _id: 'b', _score: null },
          ],
        },
      },
    };
  if (req.path.startsWith('/_bulk')) return { body: { took: 1, errors: false, items: [] } };
  return { body: { acknowledged: true } };
}

async function setup(respond: Responder = responder) {
  const fake = await startFakeServer(respond);
  const engine = new OpenSearchEngine({
    client: new Client({ node: fake.url }),
    config,
    prefix: 'test-search',
    bulkSize: 2,
  });
  return { fake, engine };
}

describe('OpenSearchEngine (contract: exact requests)', () => {
  it('puts the index template with the analysis, per-field BM25 similarities and mappings, then creates missing indexes', async () => {
    const { fake, engine } = await setup();
    try {
      await engine.ensureIndexes();
      await engine.ensureIndexes(); // idempotent: no second round trip
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /_index_template/test-search',
        'HEAD /test-search-tools',
        'PUT /test-search-tools',
        'HEAD /test-search-servers',
        'PUT /test-search-servers',
      ]);
      const template = fake.requests[0]!.body as any;
      expect(template.index_patterns).toEqual(['test-search-*']);
      expect(template.template.settings.analysis).toEqual({
        filter: {
          mcpr_word_delimiter: {
            type: 'word_delimiter_graph',
            split_on_case_change: true,
            split_on_numerics: true,
            generate_word_parts: true,
            generate_number_parts: true,
            catenate_all: true,
            preserve_original: false,
            stem_english_possessive: true,
          },
          mcpr_stop: { type: 'stop', stopwords: [...STOPWORDS].sort() },
          mcpr_stemmer: { type: 'stemmer', language: 'light_english' },
        },
        analyzer: {
          mcpr_index: {
            type: 'custom',
            tokenizer: 'whitespace',
            char_filter: [],
            filter: ['mcpr_word_delimiter', 'flatten_graph', 'lowercase', 'mcpr_stop', 'mcpr_stemmer'],
          },
          mcpr_search: {
            type: 'custom',
            tokenizer: 'whitespace',
            char_filter: [],
            filter: ['mcpr_word_delimiter', 'lowercase', 'mcpr_stop', 'mcpr_stemmer'],
          },
        },
      });
      expect(template.template.settings.similarity.tool_name).toEqual({ type: 'BM25', k1: 1.2, b: 0.5 });
      expect(template.template.settings.similarity.tool_description).toEqual({
        type: 'BM25',
        k1: 1.2,
        b: 0.75,
      });
      const props = template.template.mappings.properties;
      expect(props.tier).toEqual({ type: 'keyword' });
      expect(props.tierRank).toEqual({ type: 'integer' });
      expect(props.tool.properties.paramNames).toEqual({
        type: 'text',
        analyzer: 'mcpr_index',
        search_analyzer: 'mcpr_search',
        similarity: 'tool_paramNames',
      });
      expect(Object.keys(props.server.properties)).toEqual([
        'name',
        'description',
        'toolNames',
        'toolDescriptions',
        'categories',
      ]);
    } finally {
      await fake.close();
    }
  });

  it('leaves the stemmer out of both analyzers when the keyword config turns stemming off', async () => {
    const fake = await startFakeServer(responder);
    try {
      const engine = new OpenSearchEngine({
        client: new Client({ node: fake.url }),
        config: { ...config, stem: false },
        prefix: 'test-search',
      });
      await engine.ensureIndexes();
      const analysis = (fake.requests[0]!.body as any).template.settings.analysis;
      expect(analysis.filter.mcpr_stemmer).toBeUndefined();
      expect(analysis.analyzer.mcpr_index.filter).toEqual([
        'mcpr_word_delimiter',
        'flatten_graph',
        'lowercase',
        'mcpr_stop',
      ]);
      expect(analysis.analyzer.mcpr_search.filter).toEqual(['mcpr_word_delimiter', 'lowercase', 'mcpr_stop']);
    } finally {
      await fake.close();
    }
  });

  it('indexes with bulk requests in batches (NDJSON action + source pairs)', async () => {
    const { fake, engine } = await setup();
    try {
      const tools = MANIFESTS.flatMap((m) => buildToolDocuments(m.manifest, m.signals)).slice(0, 3);
      await engine.upsert('tool', tools);
      const bulks = fake.requests.filter((r) => r.path.startsWith('/_bulk'));
      expect(bulks).toHaveLength(2);
      expect(bulks[0]!.headers['content-type']).toContain('application/x-ndjson');
      const lines = bulks[0]!.body as any[];
      expect(lines).toHaveLength(4);
      expect(lines[0]).toEqual({
        index: { _index: 'test-search-tools', _id: 'io.github.acme/postgres::run_query' },
      });
      expect(lines[1]).toEqual({
        id: 'io.github.acme/postgres::run_query',
        kind: 'tool',
        serverName: 'io.github.acme/postgres',
        namespace: 'io.github.acme',
        categories: ['Databases'],
        tier: 'SECURITY_AUDITED',
        tierRank: 2,
        installs: 5000,
        registryTypes: ['npm'],
        transports: ['stdio'],
        runtimes: ['npx'],
        tool: {
          name: 'run_query',
          description: 'Run a read-only SQL query against a Postgres database.',
          paramNames: 'sql',
          paramDescriptions: 'SQL statement',
          server: 'io.github.acme/postgres Postgres',
          serverDescription: 'Query and manage PostgreSQL databases.',
          categories: 'Databases',
        },
      });
      expect((bulks[1]!.body as any[])[0]).toEqual({
        index: { _index: 'test-search-tools', _id: 'io.github.other/sqlite::execute_sql' },
      });

      await engine.upsert('server', [buildServerDocument(MANIFESTS[3]!.manifest)]);
      const serverBulk = fake.requests.at(-1)!.body as any[];
      expect(serverBulk[0]).toEqual({
        index: { _index: 'test-search-servers', _id: 'io.github.files/filesystem' },
      });
      expect(serverBulk[1].server.toolNames).toBe('read_file write_file list_directory');

      await engine.remove('tool', ['a', 'b']);
      expect(fake.requests.at(-1)!.body).toEqual([
        { delete: { _index: 'test-search-tools', _id: 'a' } },
        { delete: { _index: 'test-search-tools', _id: 'b' } },
      ]);
    } finally {
      await fake.close();
    }
  });

  it('searches with a boosted cross_fields multi_match and bool filters', async () => {
    const { fake, engine } = await setup();
    try {
      const res = await engine.search('tool', {
        text: 'query a Postgres database',
        limit: 25,
        filters: {
          categories: ['Databases'],
          minTier: 'SECURITY_AUDITED',
          transports: ['stdio'],
          excludeServerNames: ['x/y'],
        },
      });
      expect(res).toEqual({
        hits: [
          { id: 'io.github.acme/postgres::run_query', score: 7.5 },
          { id: 'b', score: 0 },
        ],
      });
      const req = fake.requests.at(-1)!;
      expect(`${req.method} ${req.path}`).toBe('POST /test-search-tools/_search');
      expect(req.body).toEqual({
        size: 25,
        _source: false,
        track_total_hits: false,
        query: {
          bool: {
            must: [
              {
                multi_match: {
                  query: 'query a Postgres database',
                  type: 'cross_fields',
                  operator: 'or',
                  fields: [
                    'tool.name^3',
                    'tool.description^1',
                    'tool.paramNames^0.5',
                    'tool.paramDescriptions^0.4',
                    'tool.server^0.8',
                    'tool.serverDescription^0.3',
                  ],
                },
              },
            ],
            filter: [
              { terms: { categories: ['Databases'] } },
              { terms: { transports: ['stdio'] } },
              { terms: { tier: ['SECURITY_AUDITED', 'CERTIFIED'] } },
            ],
            must_not: [{ terms: { serverName: ['x/y'] } }],
          },
        },
      });
      await engine.search('server', { text: 'files', limit: 5 });
      expect(fake.requests.at(-1)!.path).toBe('/test-search-servers/_search');
      expect((fake.requests.at(-1)!.body as any).query.bool.filter).toBeUndefined();
    } finally {
      await fake.close();
    }
  });

  it('surfaces bulk item failures (but not deletes of missing documents)', async () => {
    const { fake, engine } = await setup((req) =>
      req.path.startsWith('/_bulk')
        ? {
            body: {
              errors: true,
              items: [
                { delete: { status: 404, error: { type: 'not_found' } } },
                { index: { status: 400, error: { type: 'mapper_parsing_exception' } } },
              ],
            },
          }
        : responder(req),
    );
    try {
      await expect(engine.upsert('tool', buildToolDocuments(MANIFESTS[0]!.manifest))).rejects.toThrow(
        'mapper_parsing_exception',
      );
    } finally {
      await fake.close();
    }
  });
});

const OPENSEARCH_URL = process.env.OPENSEARCH_URL;
(OPENSEARCH_URL ? describe : describe.skip)(
  'OpenSearchEngine integration (needs OPENSEARCH_URL; skipped when unset)',
  () => {
    it('indexes, searches with filters and removes', async () => {
      const engine = new OpenSearchEngine({
        client: new Client({ node: OPENSEARCH_URL! }),
        config: DEFAULT_SEARCH_CONFIG.keyword,
        prefix: `mcpr-it-${Date.now()}`,
        refresh: 'wait_for',
      });
      for (const { manifest, signals } of MANIFESTS) {
        await engine.upsert('tool', buildToolDocuments(manifest, signals));
        await engine.upsert('server', [buildServerDocument(manifest, signals)]);
      }
      const res = await engine.search('tool', { text: 'weather forecast', limit: 3 });
      expect(res.hits[0]!.id).toBe('io.github.weather/forecast::getForecast');
      const listDir = await engine.search('tool', { text: 'list directory', limit: 1 });
      expect(listDir.hits[0]!.id).toBe('io.github.files/filesystem::list_directory');
      const filtered = await engine.search('tool', {
        text: 'sql database',
        limit: 10,
        filters: { minTier: 'SECURITY_AUDITED' },
      });
      expect(filtered.hits.every((h) => h.id.startsWith('io.github.acme/postgres'))).toBe(true);
      await engine.remove('tool', ['io.github.weather/forecast::getForecast']);
    });
  },
);
