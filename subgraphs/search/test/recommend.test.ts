import { SearchService } from '../src/domain/hybrid-search';
import { recommendTools, runnableIn } from '../src/domain/recommend';
import { DEFAULT_SEARCH_CONFIG, withConfig } from '../src/domain/search-config';
import { buildToolDocuments } from '../src/domain/documents';
import { Bm25Engine } from '../src/engines/bm25-engine';
import { HashingEmbedder } from '../src/engines/embedders/hashing-embedder';
import { ExactVectorEngine } from '../src/engines/exact-vector-engine';
import type { VectorEngine } from '../src/engines/vector-engine';
import { MANIFESTS } from './fixtures';

const config = withConfig(DEFAULT_SEARCH_CONFIG, { vector: { toolFacets: { tool: 1, full: 1 } } });

async function service(vector?: VectorEngine): Promise<SearchService> {
  const s = new SearchService({
    keyword: new Bm25Engine(config.keyword),
    vector: vector ?? new ExactVectorEngine(128),
    embedder: new HashingEmbedder(128),
    config,
  });
  for (const { manifest, signals } of MANIFESTS) await s.indexManifest(manifest, signals);
  return s;
}

describe('recommendTools', () => {
  it('ranks tools for the task with human-readable reasons', async () => {
    const s = await service();
    const { tools, degraded } = await recommendTools(s, { task: 'query a Postgres database', limit: 3 });
    expect(degraded).toBe(false);
    expect(tools[0]!.id).toBe('io.github.acme/postgres::run_query');
    expect(tools[0]!.reasons).toEqual([
      "matches 'query a Postgres database'",
      'security-audited',
      '5,000 installs',
      'runs with npx',
    ]);
    expect(tools[0]!.relevance).toBeGreaterThan(0);
    expect(tools[0]!.relevance).toBeLessThanOrEqual(1);
  });

  it('applies the minimum tier', async () => {
    const s = await service();
    const { tools } = await recommendTools(s, {
      task: 'run a SQL query on a database',
      minTier: 'SECURITY_AUDITED',
    });
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((t) => t.tier === 'SECURITY_AUDITED' || t.tier === 'CERTIFIED')).toBe(true);
  });

  it('excludes installed servers by default, or down-weights them on request', async () => {
    const s = await service();
    const task = 'run a SQL query on a database';
    const excluded = await recommendTools(s, { task, installedServers: ['io.github.acme/postgres'] });
    expect(excluded.tools.some((t) => t.serverName === 'io.github.acme/postgres')).toBe(false);
    const down = await recommendTools(s, {
      task,
      installedServers: ['io.github.acme/postgres'],
      installed: 'downweight',
    });
    const pg = down.tools.find((t) => t.serverName === 'io.github.acme/postgres')!;
    expect(pg.reasons).toContain('server already installed');
    const plain = await recommendTools(s, { task });
    expect(pg.score).toBeLessThan(plain.tools.find((t) => t.id === pg.id)!.score);
  });

  it('diversifies: at most N tools per server', async () => {
    const s = await service();
    const { tools } = await recommendTools(s, {
      task: 'read write list files directory on disk',
      maxPerServer: 1,
      limit: 5,
    });
    const perServer = new Map<string, number>();
    for (const t of tools) perServer.set(t.serverName, (perServer.get(t.serverName) ?? 0) + 1);
    expect(Math.max(...perServer.values())).toBe(1);
    expect(tools[0]!.serverName).toBe('io.github.files/filesystem');
  });

  it('keeps relevance dominant over trust and installs', async () => {
    const s = await service();
    // The certified, popular filesystem server must not outrank the tool that actually matches.
    const { tools } = await recommendTools(s, { task: 'weather forecast for a city' });
    expect(tools[0]!.id).toBe('io.github.weather/forecast::getForecast');
    expect(tools[0]!.reasons).toContain('community-trusted');
    expect(tools[0]!.reasons).toContain('remote server (streamable-http)');
  });

  it('weights recent messages below the task and says when they contributed', async () => {
    const s = await service();
    const { tools } = await recommendTools(s, {
      task: 'get the weather forecast',
      recentMessages: ['we also need to save the report to a file on disk'],
      limit: 6,
    });
    expect(tools[0]!.serverName).toBe('io.github.weather/forecast');
    const write = tools.find((t) => t.id === 'io.github.files/filesystem::write_file');
    expect(write?.reasons).toContain('relevant to the recent conversation');
  });

  it('covers required capabilities and honours the environment', async () => {
    const s = await service();
    const { tools } = await recommendTools(s, {
      task: 'prepare a weather report',
      requiredCapabilities: ['write a file'],
      environment: { runtimes: ['npx'], transports: ['stdio', 'streamable-http'] },
      limit: 3,
    });
    const write = tools.find((t) => t.id === 'io.github.files/filesystem::write_file');
    expect(write?.reasons).toContain("covers required capability 'write a file'");
    // The SQLite server needs uvx, which the agent does not have.
    const noUvx = await recommendTools(s, {
      task: 'execute SQL on a SQLite file',
      environment: { runtimes: ['npx'] },
    });
    expect(noUvx.tools.some((t) => t.serverName === 'io.github.other/sqlite')).toBe(false);
  });

  it('environment check: remote needs a supported transport, packages a runtime', () => {
    const [weather] = buildToolDocuments(MANIFESTS[2]!.manifest);
    const [pg] = buildToolDocuments(MANIFESTS[0]!.manifest);
    expect(runnableIn(weather!, { transports: ['stdio'] })).toBe(false);
    expect(runnableIn(weather!, { transports: ['streamable-http'] })).toBe(true);
    expect(runnableIn(pg!, { runtimes: ['uvx'] })).toBe(false);
    expect(runnableIn(pg!, { runtimes: ['npx'] })).toBe(true);
    expect(runnableIn(pg!, undefined)).toBe(true);
  });

  it('reports degraded when a leg is down', async () => {
    const down: VectorEngine = {
      name: 'down',
      upsert: async () => undefined,
      remove: async () => undefined,
      search: async () => Promise.reject(new Error('down')),
    };
    const s = await service(down);
    const { tools, degraded } = await recommendTools(s, { task: 'query a Postgres database' });
    expect(degraded).toBe(true);
    expect(tools[0]!.id).toBe('io.github.acme/postgres::run_query');
  });
});
