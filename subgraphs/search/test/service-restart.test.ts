import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, InProcessEventBus, waitFor } from '@mcpr/platform';
import { HashingEmbedder } from '../src/engines/embedders/hashing-embedder';
import { loadSearchEnv } from '../src/env';
import { startSearch } from '../src/service';
import { installRecorded, POSTGRES, tierChanged, versionPublished, WEATHER } from './service-helpers';

describe('search service: restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mcpr-search-'));
  const config = loadSearchEnv({ SEARCH_EMBEDDER: 'hashing', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const at = { host: '127.0.0.1', port: 0 };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rebuilds the index from the search database, reports ready, and closes cleanly', async () => {
    const bus = new InProcessEventBus({ logger: createLogger('bus', 'silent'), retry: { maxAttempts: 1 } });
    const first = await startSearch(config, 's'.repeat(40), at, { bus });
    await bus.publish([
      versionPublished(WEATHER),
      versionPublished(POSTGRES),
      tierChanged('io.github.acme/weather', 'CERTIFIED'),
      installRecorded('io.github.acme/weather', 42),
    ]);
    await waitFor(() => first.search.getServer('io.github.acme/weather')?.installs === 42, 2000, 'indexed');
    await first.warmed;
    // Vectors follow in the background; let them persist before the restart.
    await first.indexer.settled();
    const ready = await fetch(`${first.url}/ready`);
    expect(ready.status).toBe(200);
    await first.close();

    const embedder = new HashingEmbedder(256);
    const second = await startSearch(config, 's'.repeat(40), at, { bus, embedder });
    // Same embedder id as the configured one: every document vector comes from the database.
    expect(embedder.calls.filter((c) => c.purpose === 'document')).toEqual([]);
    const r = await second.search.searchServers({ query: 'weather forecast', limit: 5 });
    expect(r.hits[0]!.serverName).toBe('io.github.acme/weather');
    expect(r.hits[0]!.tier).toBe('CERTIFIED');
    expect(second.search.getServer('io.github.acme/weather')?.installs).toBe(42);
    // The vectors read back from the database are whole: the vector leg alone still finds the server.
    const semantic = await second.search.searchServers({
      query: 'weather forecast',
      mode: 'SEMANTIC',
      limit: 5,
    });
    expect(semantic.degraded).toBe(false);
    expect(semantic.hits[0]?.serverName).toBe('io.github.acme/weather');
    expect(semantic.hits[0]?.vectorScore).toBeGreaterThan(0);
    expect(second.search.getServer('io.github.dbco/postgres')).toBeDefined();
    await second.close();
    await bus.close();
  });
});
