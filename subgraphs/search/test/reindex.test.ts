import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, InProcessEventBus } from '@mcpr/platform';
import { reindex } from '../src/cli/reindex';
import { loadReindexEnv } from '../src/env';
import { RELOAD_PATH } from '../src/server';
import { startSearch } from '../src/service';
import { startFakeServer } from './fake-http-server';
import {
  GITHUB,
  POSTGRES,
  serverJson,
  versionPublished,
  WEATHER,
  WEATHER_ALT,
  type Json,
} from './service-helpers';

const SECRET = 's'.repeat(40);
const ADMIN_KEY = 'mcpr_admin_key_for_the_fake_gateway';
const NOTES_V1 = serverJson('io.example/notes', 'Take notes', [
  { name: 'add_note', description: 'Add a note' },
]);
const NOTES_V2 = serverJson(
  'io.example/notes',
  'Take notes',
  [{ name: 'add_memo', description: 'Add a memo' }],
  [],
  '2.0.0',
);

/** What the registry holds (as the gateway's `servers` query returns it; versions newest first). */
function registryServer(
  manifests: { manifest: Json; status: string; isLatest: boolean }[],
  tier: string,
  installCount: number,
): Json {
  const name = manifests[0]!.manifest.name as string;
  return {
    name,
    installCount,
    trust: { tier },
    versions: {
      pageInfo: { hasNextPage: false, endCursor: null },
      edges: manifests.map((m) => ({
        node: {
          id: `${name}@${m.manifest.version as string}`,
          version: m.manifest.version,
          isLatest: m.isLatest,
          status: m.status,
          manifest: m.manifest,
        },
      })),
    },
  };
}

const REGISTRY = [
  registryServer([{ manifest: WEATHER, status: 'ACTIVE', isLatest: true }], 'CERTIFIED', 7),
  registryServer([{ manifest: POSTGRES, status: 'DEPRECATED', isLatest: true }], 'UNVERIFIED', 0),
  registryServer(
    [
      { manifest: NOTES_V2, status: 'DELETED', isLatest: false },
      { manifest: NOTES_V1, status: 'ACTIVE', isLatest: true },
    ],
    'UNVERIFIED',
    0,
  ),
  // Published while search missed the event.
  registryServer([{ manifest: WEATHER_ALT, status: 'ACTIVE', isLatest: true }], 'UNVERIFIED', 3),
];

describe('reindex: rebuilds the search index from the registry', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mcpr-reindex-'));
  const env = { SEARCH_EMBEDDER: 'hashing', DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('after drift, search finds everything again and deleted versions do not come back', async () => {
    const logger = createLogger('reindex-test', 'silent');
    const bus = new InProcessEventBus({ logger, retry: { maxAttempts: 1 } });
    const config = loadReindexEnv(env);
    const search = await startSearch(config, SECRET, { host: '127.0.0.1', port: 0 }, { bus });
    // Two pages of servers, as the gateway paginates them.
    const gateway = await startFakeServer((req) => {
      const variables = (req.body as { variables: { after: string | null } }).variables;
      const page = variables.after === null ? REGISTRY.slice(0, 2) : REGISTRY.slice(2);
      return {
        body: {
          data: {
            servers: {
              pageInfo: { hasNextPage: variables.after === null, endCursor: variables.after ?? 'page-2' },
              edges: page.map((node) => ({ node })),
            },
          },
        },
      };
    });
    try {
      await bus.publish([
        versionPublished(WEATHER),
        versionPublished(POSTGRES),
        versionPublished(NOTES_V1),
        versionPublished(NOTES_V2),
        versionPublished(GITHUB),
      ]);
      await search.indexer.settled();
      // Drift: the index lost a server; the deletion of notes 2.0.0 and of github never reached search.
      await search.search.removeServer('io.github.acme/weather');
      expect(search.indexer.indexedVersion('io.example/notes')).toBe('2.0.0');
      const names = async (query: string) =>
        (await search.search.searchServers({ query, limit: 10 })).hits.map((h) => h.serverName);
      expect(await names('weather forecast')).not.toContain('io.github.acme/weather');

      const reloadUnsigned = await fetch(`${search.url}${RELOAD_PATH}`, { method: 'POST' });
      expect(reloadUnsigned.status).toBe(401);

      const lines: string[] = [];
      const result = await reindex({
        config,
        gatewayUrl: gateway.url,
        adminKey: ADMIN_KEY,
        searchUrls: [search.url],
        secret: SECRET,
        logger,
        print: (l) => lines.push(l),
      });
      expect(gateway.requests.every((r) => r.headers.authorization === `Bearer ${ADMIN_KEY}`)).toBe(true);
      expect(gateway.requests).toHaveLength(2);
      expect(result.servers).toBe(4);
      expect(result.reloaded[search.url]).toEqual({ ok: true, servers: 4, removed: 1 });
      await search.indexer.settled();

      expect((await names('weather forecast')).slice(0, 2).sort()).toEqual([
        'io.github.acme/weather',
        'io.github.other/weather-alerts',
      ]);
      expect(search.search.getServer('io.github.acme/weather')?.tier).toBe('CERTIFIED');
      expect(search.search.getServer('io.github.acme/weather')?.installs).toBe(7);
      expect(await names('postgresql sql')).toContain('io.github.dbco/postgres');
      // The deleted 2.0.0 is gone; 1.0.0 is indexed again.
      expect(search.indexer.indexedVersion('io.example/notes')).toBe('1.0.0');
      expect(search.search.getTool('io.example/notes::add_memo')).toBeUndefined();
      expect(search.search.getTool('io.example/notes::add_note')).toBeDefined();
      // A server the registry no longer lists leaves the index, in every mode.
      expect(search.search.getServer('io.github.octo/github')).toBeUndefined();
      for (const mode of ['KEYWORD', 'SEMANTIC'] as const)
        expect(
          (await search.search.searchServers({ query: 'github issues pull requests', mode })).hits.map(
            (h) => h.serverName,
          ),
        ).not.toContain('io.github.octo/github');
      expect(lines.some((l) => l.includes('reloaded 4 servers'))).toBe(true);
    } finally {
      await gateway.close();
      await search.close();
      await bus.close();
    }

    // The rebuilt state is what the next start loads.
    const bus2 = new InProcessEventBus({ logger, retry: { maxAttempts: 1 } });
    const again = await startSearch(config, SECRET, { host: '127.0.0.1', port: 0 }, { bus: bus2 });
    try {
      expect(again.indexer.serverCount).toBe(4);
      expect(again.indexer.indexedVersion('io.example/notes')).toBe('1.0.0');
      expect(again.search.getServer('io.github.octo/github')).toBeUndefined();
    } finally {
      await again.close();
      await bus2.close();
    }
  });

  it('reports a search instance that is not running, after rewriting the state it will load', async () => {
    const logger = createLogger('reindex-test', 'silent');
    const gateway = await startFakeServer(() => ({
      body: {
        data: {
          servers: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: REGISTRY[0] }] },
        },
      },
    }));
    try {
      const result = await reindex({
        config: loadReindexEnv(env),
        gatewayUrl: gateway.url,
        adminKey: ADMIN_KEY,
        searchUrls: ['http://127.0.0.1:9'],
        secret: SECRET,
        logger,
      });
      expect(result.servers).toBe(1);
      expect(result.reloaded['http://127.0.0.1:9']!.ok).toBe(false);
    } finally {
      await gateway.close();
    }
  });

  it('fails on a gateway error instead of emptying the index', async () => {
    const gateway = await startFakeServer(() => ({
      body: { errors: [{ message: 'needs ADMIN', extensions: { code: 'FORBIDDEN' } }] },
    }));
    try {
      await expect(
        reindex({
          config: loadReindexEnv(env),
          gatewayUrl: gateway.url,
          adminKey: 'bad',
          searchUrls: [],
          secret: SECRET,
          logger: createLogger('reindex-test', 'silent'),
        }),
      ).rejects.toThrow('FORBIDDEN');
    } finally {
      await gateway.close();
    }
  });
});
