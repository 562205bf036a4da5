import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { eventually, expectData, GatewayClient, startStackProcess, type StackProcess } from '../src';

/**
 * Semantic search survives a restart of `npm start`: the platform runs as a child process on the shipped
 * encoder, a server is published and embedded, the platform is stopped and started again on the same
 * DATA_DIR, and the vector leg alone (SEMANTIC) still finds it through the gateway, from the vectors read
 * back from SQLite. Until 2026-11-22 every vector read back on SQLite was empty, and nothing noticed: HYBRID
 * answered from keywords with `degraded: false`. The index's own health (/stats, /metrics) must say so too.
 */
const SEARCH = readFileSync(join(__dirname, '../../schema/operations/Search.graphql'), 'utf8');
const PUBLISH = `mutation($input: PublishServerInput!) { publishServer(input: $input) { version { id } userErrors { code message } } }`;
const NAME = 'io.github.restart/tide-tables';
const MANIFEST = {
  name: NAME,
  description: 'Tide tables and sea levels for harbours',
  version: '1.0.0',
  packages: [
    { registryType: 'npm', identifier: '@restart/tides', version: '1.0.0', transport: { type: 'stdio' } },
  ],
  _meta: {
    'io.mcpr/publisher-provided': {
      tools: [
        {
          name: 'high_tide',
          description: 'When the next high tide comes in at a harbour',
          inputSchema: { type: 'object', properties: { harbour: { type: 'string' } } },
        },
      ],
    },
  },
};

interface SearchData {
  search: {
    degraded: boolean;
    hits: { vectorScore: number | null; server: { name: string } }[];
  };
}

interface SearchStats {
  index: { servers: number; serversWithoutVectors: number };
  documentEmbedding: { pending: number; failed: number };
}

async function stats(stack: StackProcess): Promise<SearchStats> {
  return (await (await request(`${stack.searchUrl}/stats`)).body.json()) as SearchStats;
}

async function metrics(stack: StackProcess): Promise<string> {
  return (await request(`${stack.searchUrl}/metrics`)).body.text();
}

/** The SEMANTIC hit for the published server (words shared with its text, so any encoder finds it). */
async function semanticHit(client: GatewayClient) {
  const data = expectData(
    await client.raw<SearchData>({
      query: SEARCH,
      variables: { query: 'tide tables for a harbour', mode: 'SEMANTIC', first: 5 },
    }),
  );
  expect(data.search.degraded).toBe(false);
  const hit = data.search.hits.find((h) => h.server.name === NAME);
  expect(hit?.vectorScore).toBeGreaterThan(0);
  return hit!;
}

describe('semantic search across a restart (embedded platform as a child process)', () => {
  let dataDir: string;
  let stack: StackProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mcpr-search-restart-'));
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds a server on the vector leg after the platform restarts', async () => {
    stack = await startStackProcess({ dataDir });
    const admin = new GatewayClient(stack.gatewayUrl, stack.adminKey);
    const published = expectData(
      await admin.raw<{ publishServer: { version: { id: string } | null; userErrors: unknown[] } }>({
        query: PUBLISH,
        variables: { input: { manifest: MANIFEST } },
      }),
    );
    expect(published.publishServer.userErrors).toEqual([]);
    const before = await eventually(() => semanticHit(new GatewayClient(stack!.gatewayUrl)), 60_000, 100);
    await eventually(
      async () => expect((await stats(stack!)).documentEmbedding.pending).toBe(0),
      60_000,
      100,
    );

    await stack.stop(); // SIGTERM; the DATA_DIR is the test's, so it stays
    stack = await startStackProcess({ dataDir });
    const after = await semanticHit(new GatewayClient(stack.gatewayUrl));
    // The same vectors, read back bit-exact: the same cosine.
    expect(after.vectorScore).toBeCloseTo(before.vectorScore!, 6);

    const health = await stats(stack);
    expect(health.index.servers).toBe(1);
    expect(health.index.serversWithoutVectors).toBe(0);
    expect(health.documentEmbedding).toMatchObject({ pending: 0, failed: 0 });
    const text = await metrics(stack);
    expect(text).toMatch(/^mcpr_search_servers_without_vectors\{service="search"\} 0$/m);
    expect(text).toMatch(/^mcpr_search_indexed_servers\{service="search"\} 1$/m);
  }, 180_000);
});
