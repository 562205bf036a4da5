import 'reflect-metadata';
import {
  ANONYMOUS,
  createLogger,
  InProcessEventBus,
  waitFor,
  type BusSubscription,
  type EventBus,
  type EventEnvelope,
  type SubgraphServer,
} from '@mcpr/platform';
import type { SearchContext } from '../src/context';
import { createSearchRuntime, type SearchRuntime } from '../src/data/search-runtime';
import type { VectorEngine } from '../src/engines/vector-engine';
import { HashingEmbedder } from '../src/engines/embedders/hashing-embedder';
import { loadSearchEnv } from '../src/env';
import { subscribeSearchConsumer } from '../src/events/search-consumer';
import { SearchEventSampler } from '../src/events/search-events';
import { SearchIndexer } from '../src/events/search-indexer';
import { buildSearchServer } from '../src/server';
import {
  GITHUB,
  installRecorded,
  POSTGRES,
  serverJson,
  tierChanged,
  versionPublished,
  versionStatusChanged,
  WEATHER,
  WEATHER_ALT,
  type Json,
} from './service-helpers';

const logger = createLogger('search-test', 'silent');
const config = loadSearchEnv({ SEARCH_EMBEDDER: 'hashing' });

const SEARCH = /* GraphQL */ `
  query Search($query: String!, $filter: SearchFilter, $mode: SearchMode, $first: Int) {
    search(query: $query, filter: $filter, mode: $mode, first: $first) {
      degraded
      totalCount
      hits {
        score
        keywordScore
        vectorScore
        tier
        server {
          name
        }
        matchedTools {
          name
          score
        }
      }
      facets {
        categories {
          value
          count
        }
        tiers {
          value
          count
        }
      }
    }
  }
`;

const RECOMMEND = /* GraphQL */ `
  query RecommendTools($context: RecommendationContextInput!) {
    recommendTools(context: $context) {
      degraded
      recommendations {
        score
        reasons
        tier
        tool {
          name
          description
        }
        server {
          name
        }
      }
    }
  }
`;

interface Harness {
  runtime: SearchRuntime;
  indexer: SearchIndexer;
  server: SubgraphServer;
  bus: InProcessEventBus;
  run(query: string, variables?: Json): Promise<{ data?: Json | null; errors?: { extensions?: Json }[] }>;
  close(): Promise<void>;
}

async function harness(vector?: VectorEngine): Promise<Harness> {
  const bus = new InProcessEventBus({ logger, retry: { maxAttempts: 1 } });
  const runtime = createSearchRuntime(config, logger, {
    embedder: new HashingEmbedder(128),
    ...(vector ? { vector } : {}),
  });
  const indexer = new SearchIndexer(runtime.service, logger);
  const events = new SearchEventSampler(bus, 1, logger);
  const server = await buildSearchServer({
    search: runtime.service,
    logger,
    gatewayTokenSecret: 's'.repeat(40),
    events,
  });
  await server.start();
  return {
    runtime,
    indexer,
    server,
    bus,
    async run(query, variables = {}) {
      const contextValue: SearchContext = {
        search: runtime.service,
        events,
        principal: ANONYMOUS,
        logger,
        requestId: 'req-1',
      };
      const response = await server.apollo.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult as { data?: Json | null; errors?: { extensions?: Json }[] };
    },
    async close() {
      await server.stop();
      await bus.close();
    },
  };
}

type Hit = { server: { name: string }; tier: string; matchedTools: { name: string }[]; score: number };
type SearchData = {
  search: {
    degraded: boolean;
    totalCount: number;
    hits: Hit[];
    facets: { categories: { value: string; count: number }[]; tiers: { value: string; count: number }[] };
  };
};

async function index(h: Harness, ...events: EventEnvelope[]): Promise<void> {
  for (const e of events) await h.indexer.handle(e);
  // Vectors are indexed in the background: wait for them, so SEMANTIC assertions see every document.
  await h.indexer.settled();
}

describe('search subgraph: search', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    await index(
      h,
      versionPublished(WEATHER),
      versionPublished(POSTGRES),
      versionPublished(GITHUB),
      versionPublished(WEATHER_ALT),
      tierChanged('io.github.acme/weather', 'SECURITY_AUDITED'),
      installRecorded('io.github.acme/weather', 120),
    );
  });
  afterAll(() => h.close());

  const search = async (variables: Json) => {
    const result = await h.run(SEARCH, variables);
    expect(result.errors).toBeUndefined();
    return (result.data as SearchData).search;
  };

  it('finds servers with matched tools, scores, tiers and facets', async () => {
    const r = await search({ query: 'weather forecast for a city' });
    expect(r.degraded).toBe(false);
    expect(r.hits[0]!.server.name).toBe('io.github.acme/weather');
    expect(r.hits[0]!.tier).toBe('SECURITY_AUDITED');
    expect(r.hits[0]!.matchedTools.map((t) => t.name)).toContain('get_forecast');
    expect(r.totalCount).toBeGreaterThanOrEqual(2);
    expect(r.facets.categories.find((c) => c.value === 'weather')?.count).toBe(2);
    expect(r.facets.tiers.map((t) => t.value)).toEqual(
      expect.arrayContaining(['SECURITY_AUDITED', 'UNVERIFIED']),
    );
  });

  it('supports keyword and semantic modes', async () => {
    const k = await search({ query: 'postgresql sql', mode: 'KEYWORD' });
    expect(k.hits[0]!.server.name).toBe('io.github.dbco/postgres');
    const s = await search({ query: 'postgresql sql query', mode: 'SEMANTIC' });
    expect(s.hits[0]!.server.name).toBe('io.github.dbco/postgres');
  });

  it('filters by category, namespace, registry type and minimum tier', async () => {
    const cat = await search({ query: 'weather', filter: { categories: ['weather'] } });
    expect(new Set(cat.hits.map((x) => x.server.name))).toEqual(
      new Set(['io.github.acme/weather', 'io.github.other/weather-alerts']),
    );
    const ns = await search({ query: 'weather', filter: { namespace: 'io.github.other' } });
    expect(ns.hits.map((x) => x.server.name)).toEqual(['io.github.other/weather-alerts']);
    const tier = await search({ query: 'weather', filter: { minTier: 'COMMUNITY_TRUSTED' } });
    expect(tier.hits.map((x) => x.server.name)).toEqual(['io.github.acme/weather']);
    const reg = await search({ query: 'database query', filter: { registryTypes: ['PYPI'] } });
    expect(reg.hits.map((x) => x.server.name)).toEqual(['io.github.dbco/postgres']);
  });

  it('refuses an empty query with BAD_USER_INPUT', async () => {
    const r = await h.run(SEARCH, { query: '   ' });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('publishes search.performed and survives a failing bus', async () => {
    const seen: EventEnvelope[] = [];
    const sub = await h.bus.subscribe({ group: 'probe', types: ['search.performed'] }, async (e) => {
      seen.push(e);
    });
    await search({ query: 'github issues', mode: 'KEYWORD' });
    // Earlier tests' events may arrive too (they are published after each answer).
    const ours = () => seen.find((e) => e.data.query === 'github issues');
    await waitFor(() => ours() !== undefined, 2000, 'search.performed').catch(() => undefined);
    await sub.close();
    expect(ours()?.data).toMatchObject({ query: 'github issues', mode: 'KEYWORD', sampleRate: 1 });
    const publish = jest.spyOn(h.bus, 'publish').mockRejectedValue(new Error('bus down'));
    const r = await search({ query: 'github issues' });
    expect(r.hits[0]!.server.name).toBe('io.github.octo/github');
    await waitFor(() => publish.mock.calls.length > 0, 2000, 'the failing publish');
    await new Promise((resolve) => setImmediate(resolve));
    publish.mockRestore();
  });

  it('publishes search.performed after the answer, never in the same turn of the event loop', async () => {
    const published: EventEnvelope[][] = [];
    const bus = { publish: async (events: EventEnvelope[]) => void published.push(events) };
    const sampler = new SearchEventSampler(bus as unknown as EventBus, 1, logger);
    sampler.performed({ query: 'q', mode: 'HYBRID', totalCount: 3 }, 'anonymous', 'req-1');
    expect(published).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(published).toHaveLength(1);
    expect(published[0]![0]).toMatchObject({ type: 'search.performed', data: { totalCount: 3 } });

    const throwing = {
      publish: () => {
        throw new Error('bus closed');
      },
    };
    const warned: unknown[] = [];
    const quiet = Object.assign(Object.create(logger) as typeof logger, {
      warn: (...args: unknown[]) => void warned.push(args),
    });
    new SearchEventSampler(throwing as unknown as EventBus, 1, quiet).performed(
      { query: 'q', mode: 'HYBRID', totalCount: 0 },
      'anonymous',
      null,
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(warned).toHaveLength(1);
  });
});

describe('search subgraph: first is clamped to 100', () => {
  it('returns at most 100 hits and counts them all', async () => {
    const h = await harness();
    for (let i = 0; i < 105; i++)
      await h.indexer.handle(
        versionPublished(
          serverJson(`io.example/widget-${i}`, `Widget service number ${i}`, [
            { name: `widget_${i}`, description: 'Manage widgets' },
          ]),
        ),
      );
    const r = await h.run(SEARCH, { query: 'widget', mode: 'KEYWORD', first: 1000 });
    const s = (r.data as SearchData).search;
    expect(s.hits).toHaveLength(100);
    expect(s.totalCount).toBe(105);
    await h.close();
  });
});

describe('search subgraph: degraded', () => {
  it('answers from the keyword leg when the vector engine fails', async () => {
    const broken: VectorEngine = {
      name: 'broken',
      upsert: () => Promise.reject(new Error('vector engine down')),
      remove: () => Promise.reject(new Error('vector engine down')),
      search: () => Promise.reject(new Error('vector engine down')),
    };
    const h = await harness(broken);
    await h.indexer.handle(versionPublished(WEATHER));
    await h.indexer.handle(versionPublished(POSTGRES));
    const r = await h.run(SEARCH, { query: 'weather forecast' });
    const s = (r.data as SearchData).search;
    expect(s.degraded).toBe(true);
    expect(s.hits[0]!.server.name).toBe('io.github.acme/weather');
    const rec = await h.run(RECOMMEND, { context: { task: 'get a weather forecast' } });
    expect((rec.data as { recommendTools: { degraded: boolean } }).recommendTools.degraded).toBe(true);
    await h.close();
  });
});

describe('search subgraph: recommendTools', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    for (const m of [WEATHER, POSTGRES, GITHUB, WEATHER_ALT]) await h.indexer.handle(versionPublished(m));
    await h.indexer.handle(tierChanged('io.github.acme/weather', 'CERTIFIED'));
  });
  afterAll(() => h.close());

  type Rec = {
    reasons: string[];
    tier: string;
    tool: { name: string; description: string };
    server: { name: string };
  };
  const recommend = async (context: Json) => {
    const r = await h.run(RECOMMEND, { context });
    expect(r.errors).toBeUndefined();
    return (r.data as { recommendTools: { degraded: boolean; recommendations: Rec[] } }).recommendTools;
  };

  it('ranks tools with reasons and their servers', async () => {
    const r = await recommend({ task: 'get the weather forecast for Paris' });
    expect(r.degraded).toBe(false);
    expect(r.recommendations[0]!.tool.name).toBe('get_forecast');
    expect(r.recommendations[0]!.server.name).toBe('io.github.acme/weather');
    expect(r.recommendations[0]!.reasons.length).toBeGreaterThan(0);
    expect(r.recommendations[0]!.reasons).toContain('certified');
  });

  it('respects minTier and installedServers', async () => {
    const min = await recommend({ task: 'weather alerts and forecast', minTier: 'CERTIFIED' });
    expect(min.recommendations.length).toBeGreaterThan(0);
    expect(min.recommendations.every((x) => x.server.name === 'io.github.acme/weather')).toBe(true);
    const inst = await recommend({ task: 'weather forecast', installedServers: ['io.github.acme/weather'] });
    expect(inst.recommendations.some((x) => x.server.name === 'io.github.acme/weather')).toBe(false);
  });
});

describe('search subgraph: indexing from events', () => {
  let h: Harness;
  let sub: BusSubscription;
  beforeAll(async () => {
    h = await harness();
    sub = await subscribeSearchConsumer({ bus: h.bus, indexer: h.indexer, logger });
  });
  afterAll(async () => {
    await sub.close();
    await h.close();
  });

  const names = async (query: string) => {
    const r = await h.run(SEARCH, { query, mode: 'KEYWORD' });
    return (r.data as SearchData).search.hits.map((x) => x.server.name);
  };

  it('indexes published versions from the bus, falls back when the latest is deleted, removes deleted servers', async () => {
    const v1 = serverJson(
      'io.example/notes',
      'Take notes',
      [{ name: 'add_note', description: 'Add a note' }],
      [],
      '1.0.0',
    );
    const v2 = serverJson(
      'io.example/notes',
      'Take notes',
      [{ name: 'add_memo', description: 'Add a memo' }],
      [],
      '2.0.0',
    );
    await h.bus.publish([versionPublished(v1)]);
    await waitFor(async () => (await names('note')).includes('io.example/notes'), 2000, 'v1');
    await h.bus.publish([versionPublished(v2)]);
    await waitFor(async () => h.indexer.indexedVersion('io.example/notes') === '2.0.0', 2000, 'v2');
    expect(await names('memo')).toEqual(['io.example/notes']);
    expect(h.runtime.service.getTool('io.example/notes::add_note')).toBeUndefined();
    // The latest is deleted: back to 1.0.0.
    await h.bus.publish([versionStatusChanged('io.example/notes', '2.0.0', 'DELETED', '1.0.0')]);
    await waitFor(async () => h.indexer.indexedVersion('io.example/notes') === '1.0.0', 2000, 'fallback');
    expect(h.runtime.service.getTool('io.example/notes::add_note')).toBeDefined();
    expect(h.runtime.service.getTool('io.example/notes::add_memo')).toBeUndefined();
    // Every version deleted: the server leaves the index.
    await h.bus.publish([versionStatusChanged('io.example/notes', '1.0.0', 'DELETED', null)]);
    await waitFor(async () => (await names('note')).length === 0, 2000, 'removed');
  });

  it('does not index an older version published after the latest', async () => {
    await h.indexer.handle(
      versionPublished(
        serverJson(
          'io.example/cal',
          'Calendar',
          [{ name: 'new_event', description: 'Create event' }],
          [],
          '3.0.0',
        ),
      ),
    );
    await h.indexer.handle(
      versionPublished(
        serverJson(
          'io.example/cal',
          'Calendar',
          [{ name: 'old_event', description: 'Old event' }],
          [],
          '2.5.0',
        ),
        false,
      ),
    );
    expect(h.indexer.indexedVersion('io.example/cal')).toBe('3.0.0');
  });
});
