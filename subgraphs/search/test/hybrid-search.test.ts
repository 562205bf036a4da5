import type { Embedder, EmbedPurpose } from '../src/domain/embedder';
import { CachedQueryEmbedder, InMemoryVectorStore } from '../src/domain/embedder';
import { SearchService, SearchUnavailableError, splitClauses } from '../src/domain/hybrid-search';
import { DEFAULT_SEARCH_CONFIG, withConfig } from '../src/domain/search-config';
import { Bm25Engine } from '../src/engines/bm25-engine';
import { HashingEmbedder } from '../src/engines/embedders/hashing-embedder';
import { ExactVectorEngine } from '../src/engines/exact-vector-engine';
import type { KeywordEngine } from '../src/engines/keyword-engine';
import type { VectorEngine } from '../src/engines/vector-engine';
import { MANIFESTS } from './fixtures';

const config = withConfig(DEFAULT_SEARCH_CONFIG, {
  vector: { toolFacets: { tool: 1, full: 1 }, serverFacets: { full: 1 } },
});

async function service(overrides: Partial<ConstructorParameters<typeof SearchService>[0]> = {}) {
  const embedder = new HashingEmbedder(128);
  const errors: string[] = [];
  const s = new SearchService({
    keyword: new Bm25Engine(config.keyword),
    vector: new ExactVectorEngine(128),
    embedder,
    config,
    onLegError: (leg) => errors.push(leg),
    ...overrides,
  });
  for (const { manifest, signals } of MANIFESTS) await s.indexManifest(manifest, signals);
  return { s, embedder, errors };
}

/** The embedded BM25 engine, telling `onSearch` about every search before it runs. */
function recordingKeyword(onSearch: (...args: Parameters<KeywordEngine['search']>) => void): KeywordEngine {
  const bm25 = new Bm25Engine(config.keyword);
  return {
    name: 'recording',
    upsert: (kind, docs) => bm25.upsert(kind, docs),
    remove: (kind, ids) => bm25.remove(kind, ids),
    search: async (kind, request) => {
      onSearch(kind, request);
      return bm25.search(kind, request);
    },
  };
}

const failingKeyword: KeywordEngine = {
  name: 'down',
  upsert: async () => undefined,
  remove: async () => undefined,
  search: async () => {
    throw new Error('connection refused');
  },
};
const failingVector: VectorEngine = {
  name: 'down',
  upsert: async () => undefined,
  remove: async () => undefined,
  search: async () => {
    throw new Error('connection refused');
  },
};

describe('SearchService', () => {
  it('hybrid search returns fused hits with per-leg scores and facets', async () => {
    const { s } = await service();
    const res = await s.searchTools({ query: 'run a SQL query on a Postgres database', limit: 5 });
    expect(res.degraded).toBe(false);
    expect(res.hits[0]!.id).toBe('io.github.acme/postgres::run_query');
    const top = res.hits[0]!;
    expect(top.keywordScore).toBeDefined();
    expect(top.vectorScore).toBeDefined();
    expect(top.score).toBeGreaterThan(0);
    expect(top.score).toBeLessThanOrEqual(1);
    expect(top.tier).toBe('SECURITY_AUDITED');
    expect(res.facets.categories[0]).toEqual({ value: 'Databases', count: expect.any(Number) });
    expect(res.facets.tiers.map((t) => t.value)).toContain('SECURITY_AUDITED');
  });

  it('modes run one leg only', async () => {
    const { s, embedder } = await service();
    embedder.calls = [];
    const kw = await s.searchTools({ query: 'weather forecast', mode: 'KEYWORD' });
    expect(embedder.calls).toHaveLength(0);
    expect(kw.hits.every((h) => h.vectorScore === undefined)).toBe(true);
    const sem = await s.searchTools({ query: 'weather forecast', mode: 'SEMANTIC' });
    expect(sem.hits.every((h) => h.keywordScore === undefined)).toBe(true);
    expect(sem.hits[0]!.serverName).toBe('io.github.weather/forecast');
  });

  it('filters apply to both legs', async () => {
    const { s } = await service();
    const res = await s.searchTools({
      query: 'database query',
      filters: { minTier: 'SECURITY_AUDITED' },
      limit: 10,
    });
    expect(res.hits.length).toBeGreaterThan(0);
    expect(res.hits.every((h) => h.tier === 'SECURITY_AUDITED' || h.tier === 'CERTIFIED')).toBe(true);
  });

  it('asks for the query embedding before the keyword leg runs, so the two overlap', async () => {
    const order: string[] = [];
    const keyword = recordingKeyword((kind) => order.push(`keyword:${kind}`));
    const hashing = new HashingEmbedder(128);
    const embedder: Embedder = {
      id: hashing.id,
      dimension: 128,
      embed: (texts, purpose) => {
        if (purpose === 'query') order.push('embed');
        return hashing.embed(texts, purpose);
      },
      warm: async () => undefined,
    };
    const { s } = await service({ keyword, embedder, documentEmbedder: hashing });
    order.length = 0;
    await s.searchServers({ query: 'weather forecast', limit: 5 });
    expect(order).toEqual(['embed', 'keyword:tool', 'keyword:server']);
  });

  it('ranks servers at the fusion depth whatever the limit; tools at least as deep as the limit', async () => {
    const limits: number[] = [];
    const keyword = recordingKeyword((_kind, request) => limits.push(request.limit));
    const { s } = await service({ keyword });
    const depth = config.fusion.depth;
    await s.searchServers({ query: 'weather forecast', limit: depth * 5 });
    expect(limits).toEqual([depth, depth]);
    limits.length = 0;
    await s.searchServers({ query: 'weather forecast', limit: 5, depth: 7 });
    expect(limits).toEqual([7, 7]);
    limits.length = 0;
    await s.searchTools({ query: 'weather forecast', limit: depth * 5 });
    expect(limits).toEqual([depth * 5]);
  });

  it('a failing vector engine gives keyword results with degraded: true', async () => {
    const { s, errors } = await service({ vector: failingVector });
    const res = await s.searchTools({ query: 'weather forecast' });
    expect(res.degraded).toBe(true);
    expect(res.failedLegs).toEqual(['vector']);
    expect(res.hits[0]!.id).toBe('io.github.weather/forecast::getForecast');
    expect(errors).toEqual(['vector']);
  });

  it('a failing embedder gives keyword results with degraded: true', async () => {
    const broken: Embedder = {
      id: 'broken',
      dimension: 128,
      embed: async (_t: string[], purpose: EmbedPurpose) => {
        if (purpose === 'query') throw new Error('model crashed');
        return new HashingEmbedder(128).embed(_t, purpose);
      },
      warm: async () => undefined,
    };
    const { s } = await service({ embedder: broken, documentEmbedder: new HashingEmbedder(128) });
    const res = await s.searchTools({ query: 'weather forecast' });
    expect(res.degraded).toBe(true);
    expect(res.hits[0]!.id).toBe('io.github.weather/forecast::getForecast');
  });

  it('a hanging embedder does not hold the keyword leg: the vector leg times out, degraded', async () => {
    const hanging: Embedder = {
      id: 'hang',
      dimension: 128,
      embed: (texts: string[], purpose: EmbedPurpose) =>
        purpose === 'query'
          ? new Promise<Float32Array[]>(() => undefined)
          : new HashingEmbedder(128).embed(texts, purpose),
      warm: async () => undefined,
    };
    const { s } = await service({ embedder: hanging, embedTimeoutMs: 20 });
    const res = await s.searchTools({ query: 'weather forecast' });
    expect(res.degraded).toBe(true);
    expect(res.failedLegs).toEqual(['vector']);
    expect(res.hits.length).toBeGreaterThan(0);
  });

  it('a failing keyword engine gives vector results with degraded: true', async () => {
    const { s } = await service({ keyword: failingKeyword });
    const res = await s.searchTools({ query: 'weather forecast for a city' });
    expect(res.degraded).toBe(true);
    expect(res.failedLegs).toEqual(['keyword']);
    expect(res.hits[0]!.serverName).toBe('io.github.weather/forecast');
    expect(res.hits.every((h) => h.keywordScore === undefined)).toBe(true);
  });

  it('throws SearchUnavailableError only when every requested leg fails', async () => {
    const { s } = await service({ keyword: failingKeyword, vector: failingVector });
    await expect(s.searchTools({ query: 'weather' })).rejects.toBeInstanceOf(SearchUnavailableError);
    const { s: s2 } = await service({ vector: failingVector });
    await expect(s2.searchTools({ query: 'weather', mode: 'SEMANTIC' })).rejects.toBeInstanceOf(
      SearchUnavailableError,
    );
  });

  it('indexing reports a failing leg without blocking the other', async () => {
    const brokenVector: VectorEngine = {
      ...failingVector,
      upsert: async () => Promise.reject(new Error('down')),
    };
    const s = new SearchService({
      keyword: new Bm25Engine(config.keyword),
      vector: brokenVector,
      embedder: new HashingEmbedder(128),
      config,
    });
    const outcome = await s.indexManifest(MANIFESTS[0]!.manifest);
    expect(outcome).toMatchObject({ keyword: true, vector: false, tools: 2 });
    const res = await s.searchTools({ query: 'postgres', mode: 'KEYWORD' });
    expect(res.hits.length).toBe(2);
  });

  it('never re-embeds unchanged documents (content-hash cache, persisted through the store)', async () => {
    const embedder = new HashingEmbedder(128);
    const store = new InMemoryVectorStore();
    const make = () =>
      new SearchService({
        keyword: new Bm25Engine(config.keyword),
        vector: new ExactVectorEngine(128),
        embedder,
        vectorStore: store,
        config,
      });
    const first = make();
    await first.indexManifest(MANIFESTS[0]!.manifest);
    const embeddedTexts = embedder.calls.flatMap((c) => c.texts).length;
    expect(embeddedTexts).toBeGreaterThan(0);
    // Re-publish, a trust change, and a restart with the same store: nothing new is embedded.
    await first.indexManifest(MANIFESTS[0]!.manifest);
    await first.updateSignals('io.github.acme/postgres', { tier: 'CERTIFIED' });
    await make().indexManifest(MANIFESTS[0]!.manifest);
    expect(embedder.calls.flatMap((c) => c.texts).length).toBe(embeddedTexts);
    const res = await first.searchTools({ query: 'postgres query' });
    expect(res.hits[0]!.tier).toBe('CERTIFIED');
  });

  it('re-publishing without a tool removes it', async () => {
    const { s } = await service();
    const m = MANIFESTS[2]!.manifest;
    await s.indexManifest({ ...m, tools: m.tools!.filter((t) => t.name !== 'getAlerts') });
    const res = await s.searchTools({ query: 'weather alerts state' });
    expect(res.hits.map((h) => h.id)).not.toContain('io.github.weather/forecast::getAlerts');
    await s.removeServer('io.github.weather/forecast');
    expect(
      (await s.searchTools({ query: 'weather' })).hits.every(
        (h) => h.serverName !== 'io.github.weather/forecast',
      ),
    ).toBe(true);
    expect(
      (await s.searchServers({ query: 'weather' })).hits.every(
        (h) => h.serverName !== 'io.github.weather/forecast',
      ),
    ).toBe(true);
  });

  it('server search rolls tools up and lists the matched tools', async () => {
    const { s } = await service();
    const res = await s.searchServers({ query: 'read and write files on disk' });
    expect(res.hits[0]!.serverName).toBe('io.github.files/filesystem');
    expect(res.hits[0]!.matchedTools.map((t) => t.toolName)).toEqual(
      expect.arrayContaining(['read_file', 'write_file']),
    );
    expect(res.hits[0]!.tier).toBe('CERTIFIED');
  });

  it('server search counts and facets past the page, and the semantic floor decides what counts', async () => {
    const { s } = await service();
    const query = 'read and write files on disk';
    const all = await s.searchServers({ query, limit: 1000 });
    expect(all.totalCount).toBe(all.hits.length);
    expect(all.hits.length).toBeGreaterThan(2);

    // A page of one is counted and faceted over every candidate, as the full list would be.
    const page = await s.searchServers({ query, limit: 1 });
    expect(page.hits).toEqual(all.hits.slice(0, 1));
    expect(page.totalCount).toBe(all.totalCount);
    expect(page.facets).toEqual(all.facets);
    const tierCounts = new Map<string, number>();
    for (const h of all.hits) tierCounts.set(h.tier, (tierCounts.get(h.tier) ?? 0) + 1);
    expect(new Map(page.facets.tiers.map((t) => [t.value, t.count]))).toEqual(tierCounts);

    // countDepth bounds what is counted.
    expect((await s.searchServers({ query, limit: 1, countDepth: 2 })).totalCount).toBe(2);

    // With a floor, a server whose own text matched no keyword counts only when semantically close.
    const floor = 0.9;
    const counted = all.hits.filter((h) => h.keywordScore !== undefined || (h.vectorScore ?? 0) >= floor);
    expect(counted.length).toBeLessThan(all.hits.length);
    const floored = await s.searchServers({ query, limit: 1000, semanticFloor: floor });
    expect(floored.hits.map((h) => h.serverName)).toEqual(counted.map((h) => h.serverName));
    expect(floored.totalCount).toBe(counted.length);
    expect(floored.facets.tiers.reduce((n, t) => n + t.count, 0)).toBe(counted.length);
    // SEMANTIC has no keyword leg to be matched by: the floor does not apply.
    const semantic = await s.searchServers({ query, mode: 'SEMANTIC', limit: 1000, semanticFloor: floor });
    expect(semantic.totalCount).toBe(semantic.hits.length);
    expect(semantic.totalCount).toBeGreaterThan(counted.length);
  });

  it('server search degrades like tool search', async () => {
    const { s } = await service({ vector: failingVector });
    const res = await s.searchServers({ query: 'weather' });
    expect(res.degraded).toBe(true);
    expect(res.hits[0]!.serverName).toBe('io.github.weather/forecast');
  });

  it('multi-aspect queries: clauses are embedded alongside the query', async () => {
    const embedder = new CachedQueryEmbedder(new HashingEmbedder(128));
    const cfg = withConfig(config, { vector: { clauseWeight: 0.5 } });
    const s = new SearchService({
      keyword: new Bm25Engine(cfg.keyword),
      vector: new ExactVectorEngine(128),
      embedder,
      documentEmbedder: new HashingEmbedder(128),
      config: cfg,
    });
    for (const { manifest } of MANIFESTS) await s.indexManifest(manifest);
    const res = await s.searchTools({
      query: 'get the weather forecast for Paris and write it to a file',
      mode: 'SEMANTIC',
      limit: 10,
    });
    const ids = res.hits.map((h) => h.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'io.github.weather/forecast::getForecast',
        'io.github.files/filesystem::write_file',
      ]),
    );
    expect(embedder.misses).toBe(3);
  });

  it('splits tasks into clauses', () => {
    expect(splitClauses('Get the forecast for Paris, then write it to a file. Also email it to Bob')).toEqual(
      ['Get the forecast for Paris', 'write it to a file', 'email it to Bob'],
    );
  });

  it('an empty query returns nothing', async () => {
    const { s } = await service();
    expect((await s.searchTools({ query: '   ' })).hits).toEqual([]);
  });

  it('aspect coverage: a tool for an uncovered part of the task moves above another tool for a covered part', async () => {
    const task = 'file on disk and weather forecast';
    const plain = await service();
    const base = (await plain.s.searchTools({ query: task, mode: 'KEYWORD', limit: 10 })).hits;
    const diverse = await service({ config: withConfig(config, { diversify: { weight: 1, depth: 10 } }) });
    const hits = (await diverse.s.searchTools({ query: task, mode: 'KEYWORD', limit: 10 })).hits;
    const forecast = 'io.github.weather/forecast::getForecast';
    const alerts = 'io.github.weather/forecast::getAlerts';
    const readFile = 'io.github.files/filesystem::read_file';
    // Plain BM25: both weather tools first (they match the rarer terms).
    expect(base.slice(0, 3).map((h) => h.id)).toEqual([forecast, alerts, readFile]);
    // Coverage: the top hit stays; the file tool now comes before the second weather tool.
    expect(hits.slice(0, 3).map((h) => h.id)).toEqual([forecast, readFile, alerts]);
    // Same candidates, same (fused) scores: only the order changes.
    const scores = (hs: typeof hits) => new Map(hs.map((h) => [h.id, h.score]));
    expect(scores(hits)).toEqual(scores(base));
  });

  it('request words are dropped from the keyword query when configured', async () => {
    const stripped = await service({
      config: withConfig(config, { keyword: { queryStopwords: true } }),
    });
    const plain = await service();
    // "please help me" matches nothing useful; the stripped query ranks exactly like the bare need.
    const a = await stripped.s.searchTools({ query: 'please help me list tables', mode: 'KEYWORD' });
    const b = await plain.s.searchTools({ query: 'list tables', mode: 'KEYWORD' });
    expect(a.hits.map((h) => [h.id, h.score])).toEqual(b.hits.map((h) => [h.id, h.score]));
    // A query made only of request words runs no keyword search at all.
    expect((await stripped.s.searchTools({ query: 'please help', mode: 'KEYWORD' })).hits).toEqual([]);
  });
});
