/**
 * The search journey through the gateway: published servers become searchable within a second (indexed from
 * registry events), filters and facets work, trust tiers from trust's events reach the hits, and
 * recommendTools ranks tools with reasons while honouring minTier and installedServers. Search and
 * RecommendTools are sent as the contract's operation text (schema/operations/).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  eventually,
  expectData,
  PublishServerDocument,
  startTestStack,
  UNTHROTTLED_ENV,
  type Manifest,
  type TestStack,
} from '../src';

const OPERATIONS = join(__dirname, '../../schema/operations');
const operation = (name: string) => readFileSync(join(OPERATIONS, `${name}.graphql`), 'utf8');
const SEARCH = operation('Search');
const RECOMMEND = operation('RecommendTools');

interface SearchData {
  search: {
    degraded: boolean;
    totalCount: number;
    hits: {
      score: number;
      keywordScore: number | null;
      vectorScore: number | null;
      server: { name: string; description: string; trust: { tier: string } | null };
      matchedTools: { name: string }[];
    }[];
    facets: { categories: { value: string; count: number }[]; tiers: { value: string; count: number }[] };
  };
}
interface RecommendData {
  recommendTools: {
    degraded: boolean;
    recommendations: {
      score: number;
      reasons: string[];
      tool: { name: string; description: string };
      server: { name: string; trust: { tier: string } | null };
    }[];
  };
}

function manifest(
  name: string,
  description: string,
  tools: { name: string; description: string }[],
  categories: string[],
): Manifest {
  return {
    name,
    description,
    version: '1.0.0',
    packages: [
      {
        registryType: 'npm',
        identifier: `@e2e/${name.split('/')[1]}`,
        version: '1.0.0',
        transport: { type: 'stdio' },
      },
    ],
    _meta: {
      'io.mcpr/publisher-provided': {
        tools: tools.map((t) => ({ ...t, inputSchema: { type: 'object', properties: {} } })),
        categories,
      },
    },
  };
}

const SERVERS = [
  manifest(
    'io.github.acme/weather',
    'Weather forecasts and current conditions',
    [
      { name: 'get_forecast', description: 'Get the weather forecast for a city' },
      { name: 'current_conditions', description: 'Current temperature and wind in a city' },
    ],
    ['weather'],
  ),
  manifest(
    'io.github.storm/alerts',
    'Severe weather alerts and storm warnings',
    [{ name: 'get_alerts', description: 'Active weather alerts for a region' }],
    ['weather'],
  ),
  manifest(
    'io.github.dbco/postgres',
    'Query PostgreSQL databases',
    [
      { name: 'run_sql', description: 'Run a read-only SQL query on PostgreSQL' },
      { name: 'list_tables', description: 'List the tables of a database' },
    ],
    ['database'],
  ),
  manifest(
    'io.github.octo/issues',
    'Manage GitHub issues',
    [{ name: 'create_issue', description: 'Create a GitHub issue in a repository' }],
    ['developer-tools'],
  ),
];

describe('search journey', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { ...UNTHROTTLED_ENV, SEARCH_EMBEDDER: 'hashing' } });
    for (const m of SERVERS)
      expectData(await stack.admin.execute(PublishServerDocument, { input: { manifest: m } }));
  });
  afterAll(async () => {
    await stack?.close();
  });

  const search = async (variables: Record<string, unknown>) =>
    expectData(await stack.anonymous.raw<SearchData>({ query: SEARCH, variables })).search;
  const recommend = async (context: Record<string, unknown>) =>
    expectData(await stack.anonymous.raw<RecommendData>({ query: RECOMMEND, variables: { context } }))
      .recommendTools;

  // The publish-to-searchable lag is measured by bench/search-latency; here only a generous bound applies.
  it('finds published servers soon after publishing, with the registry’s fields and trust', async () => {
    const found = await eventually(async () => {
      const r = await search({ query: 'weather forecast city' });
      const names = r.hits.map((h) => h.server.name);
      if (!SERVERS.slice(0, 2).every((m) => names.includes(m.name as string))) throw new Error('not yet');
      return r;
    }, 5000);
    const top = found.hits[0]!;
    expect(top.server.name).toBe('io.github.acme/weather');
    expect(top.server.description).toBe('Weather forecasts and current conditions');
    expect(top.server.trust?.tier).toBe('UNVERIFIED');
    expect(top.matchedTools.map((t) => t.name)).toContain('get_forecast');
    expect(found.degraded).toBe(false);
    expect(found.facets.categories.find((c) => c.value === 'weather')?.count).toBe(2);
    expect(found.facets.tiers.length).toBeGreaterThan(0);
  });

  it('filters by category, namespace and minimum tier', async () => {
    await eventually(async () => {
      if ((await search({ query: 'sql' })).hits.length === 0) throw new Error('not indexed');
    });
    const cat = await search({ query: 'weather', filter: { categories: ['weather'] } });
    expect(new Set(cat.hits.map((h) => h.server.name))).toEqual(
      new Set(['io.github.acme/weather', 'io.github.storm/alerts']),
    );
    const ns = await search({ query: 'weather', filter: { namespace: 'io.github.storm' } });
    expect(ns.hits.map((h) => h.server.name)).toEqual(['io.github.storm/alerts']);
    const tier = await search({ query: 'weather', filter: { minTier: 'CERTIFIED' } });
    expect(tier.hits).toEqual([]);
    expect(tier.totalCount).toBe(0);
  });

  it('recommends tools with reasons, honouring minTier and installedServers', async () => {
    const r = await recommend({ task: 'get the weather forecast for Paris' });
    expect(r.recommendations[0]!.tool.name).toBe('get_forecast');
    expect(r.recommendations[0]!.server.name).toBe('io.github.acme/weather');
    expect(r.recommendations[0]!.server.trust?.tier).toBe('UNVERIFIED');
    expect(r.recommendations[0]!.reasons.length).toBeGreaterThan(0);
    const installed = await recommend({
      task: 'get the weather forecast for Paris',
      installedServers: ['io.github.acme/weather'],
    });
    expect(installed.recommendations.some((x) => x.server.name === 'io.github.acme/weather')).toBe(false);
    const certified = await recommend({ task: 'weather forecast', minTier: 'CERTIFIED' });
    expect(certified.recommendations).toEqual([]);
  });

  it('refuses an empty query', async () => {
    const r = await stack.anonymous.raw<SearchData>({ query: SEARCH, variables: { query: ' ' } });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
