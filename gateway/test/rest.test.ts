import { startStack, type Stack } from './support/stack';
import { gql, http, type HttpResult } from './support/http';
import { createKey, manifest, publish, type Key } from './support/registry';
import { expectValid, officialSchemas } from './support/openapi';
import type { ManifestValidator } from '../src/rest/router';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const OURS = 'io.mcpr/registry';
const schemas = officialSchemas();

/** 150+ servers: most with one version, `multi` with 12, some deprecated, some deleted. */
const SERVER_COUNT = 156;
const serverName = (i: number) => `io.github.seed${i % 4}/server-${String(i).padStart(3, '0')}`;
const MULTI = 'io.github.multi/many-versions';
const DELETED = 'io.github.seed1/server-005';
const DEPRECATED = 'io.github.seed2/server-006';

/** Follows `metadata.nextCursor` from `path` to the end; every page must validate as a ServerList. */
async function pageThrough(
  stack: Stack,
  path: string,
  key?: string,
): Promise<{ entries: any[]; pages: number }> {
  const entries: any[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url = `${stack.url}${path}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await http(url, { key });
    expect(page.status).toBe(200);
    expectValid(schemas, 'ServerList', page.body);
    expect(page.body.metadata.count).toBe(page.body.servers.length);
    entries.push(...page.body.servers);
    cursor = page.body.metadata.nextCursor;
    pages += 1;
    if (pages > 200) throw new Error('pagination does not end');
  } while (cursor);
  return { entries, pages };
}

const keyOf = (entry: any) => `${entry.server.name}@${entry.server.version}`;

describe('official REST API (/v0.1)', () => {
  let stack: Stack;
  let publisher: Key;
  let outsider: Key;

  beforeAll(async () => {
    stack = await startStack({ RATE_LIMITS: 'off' });
    const names = Array.from({ length: SERVER_COUNT }, (_, i) => serverName(i));
    for (let i = 0; i < names.length; i += 12) {
      await Promise.all(
        names.slice(i, i + 12).map((name) => publish(stack.url, stack.adminKey, manifest(name))),
      );
    }
    for (let minor = 0; minor < 12; minor++)
      await publish(stack.url, stack.adminKey, manifest(MULTI, `1.${minor}.0`));
    await publish(stack.url, stack.adminKey, manifest(DEPRECATED, '2.0.0'));
    const status = `mutation($input: SetVersionStatusInput!) { setVersionStatus(input: $input) { userErrors { code } } }`;
    await gql(
      stack.url,
      status,
      { input: { name: DELETED, version: '1.0.0', status: 'DELETED' } },
      { key: stack.adminKey },
    );
    await gql(
      stack.url,
      status,
      { input: { name: DEPRECATED, version: '2.0.0', status: 'DEPRECATED', message: 'Use server-007' } },
      { key: stack.adminKey },
    );
    [publisher, outsider] = await Promise.all([
      createKey(stack.url, stack.adminKey, {
        account: 'acme',
        scopes: ['SERVERS_PUBLISH', 'SERVERS_MANAGE'],
        namespaces: ['io.github.acme/*'],
      }),
      createKey(stack.url, stack.adminKey, {
        account: 'outsider',
        scopes: ['SERVERS_PUBLISH'],
        namespaces: ['io.github.other/*'],
      }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('serves an IDE paging the whole registry with version=latest&limit=100, every page in the official shape', async () => {
    const { entries, pages } = await pageThrough(stack, '/v0.1/servers?version=latest&limit=100');
    const expected = [...Array.from({ length: SERVER_COUNT }, (_, i) => serverName(i)), MULTI]
      .filter((name) => name !== DELETED)
      .sort();
    expect(entries.map((entry) => entry.server.name)).toEqual(expected);
    expect(pages).toBe(2);
    for (const entry of entries) {
      expect(entry._meta[OFFICIAL]).toEqual({
        status: entry.server.name === DEPRECATED ? 'deprecated' : 'active',
        publishedAt: expect.any(String),
        updatedAt: expect.any(String),
        isLatest: true,
        ...(entry.server.name === DEPRECATED ? { statusMessage: 'Use server-007' } : {}),
      });
      expect(entry._meta[OURS]).toEqual(
        expect.objectContaining({ installs: 0, categories: ['weather'], tier: 'unverified' }),
      );
    }
    expect(entries.find((entry) => entry.server.name === MULTI).server.version).toBe('1.11.0');
    expect(entries.find((entry) => entry.server.name === DEPRECATED).server.version).toBe('2.0.0');
  });

  it('lists every version with small pages, continuing servers cut by the page size', async () => {
    const { entries, pages } = await pageThrough(stack, '/v0.1/servers?limit=7');
    const keys = entries.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    // The seeded servers but the deleted one, 12 versions of MULTI and version 2.0.0 of DEPRECATED.
    expect(keys.length).toBe(SERVER_COUNT - 1 + 12 + 1);
    expect(keys.filter((key) => key.startsWith(`${MULTI}@`))).toHaveLength(12);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(keys.length / 7));
    // A non-latest version says so.
    const old = entries.find((entry) => keyOf(entry) === `${MULTI}@1.0.0`);
    expect(old._meta[OFFICIAL].isLatest).toBe(false);
  });

  it('filters by name substring and exact version, and includes deleted servers on request', async () => {
    const search = await http(`${stack.url}/v0.1/servers?search=many-VERSIONS&version=latest`);
    expect(search.body.servers.map((entry: any) => entry.server.name)).toEqual([MULTI]);

    const exact = await pageThrough(stack, '/v0.1/servers?version=1.3.0');
    expect(exact.entries.map(keyOf)).toEqual([`${MULTI}@1.3.0`]);

    const live = await pageThrough(stack, '/v0.1/servers?search=server-005');
    expect(live.entries).toEqual([]);
    const withDeleted = await pageThrough(
      stack,
      '/v0.1/servers?search=server-005&include_deleted=true&version=latest',
    );
    expect(withDeleted.entries.map((entry) => [entry.server.name, entry._meta[OFFICIAL].status])).toEqual([
      [DELETED, 'deleted'],
    ]);
  });

  it('treats updated_since as a sync point that includes deleted servers', async () => {
    const since = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    const { entries } = await pageThrough(
      stack,
      `/v0.1/servers?version=latest&limit=100&updated_since=${since}`,
    );
    expect(entries.map((entry) => entry.server.name)).toContain(DELETED);
    const future = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    expect(
      (await pageThrough(stack, `/v0.1/servers?updated_since=${encodeURIComponent(future)}`)).entries,
    ).toEqual([]);
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=abc', 'query.limit'],
    ['updated_since=yesterday', 'query.updated_since'],
    ['include_deleted=maybe', 'query.include_deleted'],
  ])('refuses %s with 422 naming the parameter', async (query, location) => {
    const result = await http(`${stack.url}/v0.1/servers?${query}`);
    expect(result.status).toBe(422);
    expect(result.body).toEqual(
      expect.objectContaining({ error: expect.any(String), errors: [expect.objectContaining({ location })] }),
    );
  });

  it('refuses a cursor it did not issue', async () => {
    const result = await http(`${stack.url}/v0.1/servers?cursor=not-a-cursor`);
    expect(result.status).toBe(400);
    expect(result.body.error).toMatch(/Invalid cursor/);
  });

  it('answers reads with an ETag and 304 on If-None-Match', async () => {
    const path = `${stack.url}/v0.1/servers/${encodeURIComponent(MULTI)}/versions/latest`;
    const first = await http(path);
    expect(first.status).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await http(path, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(etag);
    const list = await http(`${stack.url}/v0.1/servers?limit=5`);
    expect(
      (
        await http(`${stack.url}/v0.1/servers?limit=5`, {
          headers: { 'if-none-match': `W/${list.headers.etag}` },
        })
      ).status,
    ).toBe(304);
    expect((await http(path, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  describe('one server', () => {
    it('lists its versions newest first (URL-encoded or plain name)', async () => {
      for (const path of [encodeURIComponent(MULTI), MULTI]) {
        const result = await http(`${stack.url}/v0.1/servers/${path}/versions`);
        expect(result.status).toBe(200);
        expectValid(schemas, 'ServerList', result.body);
        expect(result.body.servers.map((entry: any) => entry.server.version)).toEqual(
          Array.from({ length: 12 }, (_, i) => `1.${11 - i}.0`),
        );
        expect(result.body.metadata).toEqual({ count: 12 });
      }
    });

    it('gets a version, or the latest', async () => {
      const exact = await http(`${stack.url}/v0.1/servers/io.github.multi%2Fmany-versions/versions/1.2.0`);
      expect(exact.status).toBe(200);
      expectValid(schemas, 'ServerResponse', exact.body);
      expect(exact.body.server).toEqual(manifest(MULTI, '1.2.0'));
      expect(exact.body._meta[OFFICIAL].isLatest).toBe(false);
      const latest = await http(`${stack.url}/v0.1/servers/${encodeURIComponent(MULTI)}/versions/latest`);
      expect(latest.body.server.version).toBe('1.11.0');
      expect(latest.body._meta[OFFICIAL].isLatest).toBe(true);
    });

    it('answers 404 in the official shape for unknown servers, versions and deleted versions', async () => {
      for (const path of [
        '/v0.1/servers/io.github.nobody%2Fnothing/versions',
        '/v0.1/servers/io.github.nobody%2Fnothing/versions/1.0.0',
        `/v0.1/servers/${encodeURIComponent(MULTI)}/versions/9.9.9`,
        `/v0.1/servers/${encodeURIComponent(DELETED)}/versions/1.0.0`,
        `/v0.1/servers/${encodeURIComponent(DELETED)}/versions`,
        '/v0.1/servers/just-one-segment',
        '/v0.1/nothing-here',
      ]) {
        const result = await http(`${stack.url}${path}`);
        expect({ path, status: result.status }).toEqual({ path, status: 404 });
        expect(result.body).toEqual(expect.objectContaining({ error: expect.any(String) }));
      }
      const deleted = await http(
        `${stack.url}/v0.1/servers/${encodeURIComponent(DELETED)}/versions/1.0.0?include_deleted=true`,
      );
      expect(deleted.status).toBe(200);
      expect(deleted.body._meta[OFFICIAL].status).toBe('deleted');
    });

    it('answers a wrong method with 405 and Allow', async () => {
      const result = await http(`${stack.url}/v0.1/servers/${encodeURIComponent(MULTI)}/versions`, {
        method: 'DELETE',
      });
      expect(result.status).toBe(405);
      expect(result.headers.allow).toBe('GET');
    });
  });

  describe('POST /v0.1/publish', () => {
    it('needs a key, and one that covers the namespace', async () => {
      const anonymous = await http(`${stack.url}/v0.1/publish`, { body: manifest('io.github.acme/anon') });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error).toMatch(/key/i);
      const wrong = await http(`${stack.url}/v0.1/publish`, {
        body: manifest('io.github.acme/x'),
        key: outsider.secret,
      });
      expect(wrong.status).toBe(403);
      expect(wrong.body.error).toMatch(/do not cover/);
      const bad = await http(`${stack.url}/v0.1/publish`, {
        body: manifest('io.github.acme/x'),
        key: 'mcpr_nonsense',
      });
      expect(bad.status).toBe(401);
    });

    it('publishes a server.json and answers the official ServerResponse', async () => {
      const body = manifest('io.github.acme/weather', '1.0.0');
      const result = await http(`${stack.url}/v0.1/publish`, { body, key: publisher.secret });
      expect(result.status).toBe(200);
      expectValid(schemas, 'ServerResponse', result.body);
      expect(result.body.server).toEqual(body);
      expect(result.body._meta[OFFICIAL]).toEqual({
        status: 'active',
        publishedAt: expect.any(String),
        updatedAt: expect.any(String),
        isLatest: true,
      });
      const fetched = await http(`${stack.url}/v0.1/servers/io.github.acme%2Fweather/versions/1.0.0`);
      expect(fetched.body.server).toEqual(body);
    });

    it('reports warnings with the accepted server', async () => {
      const result = await http(`${stack.url}/v0.1/publish`, {
        body: manifest('io.github.acme/long', '1.0.0', { description: 'x'.repeat(120) }),
        key: publisher.secret,
      });
      expect(result.status).toBe(200);
      expect(result.body._meta[OURS].warnings).toEqual([
        expect.objectContaining({ location: 'body.description', message: expect.any(String) }),
      ]);
    });

    it('answers an invalid server.json with 422 and every problem located', async () => {
      const body = {
        ...manifest('io.github.acme/broken', 'latest'),
        remotes: [{ type: 'sse', url: 'http://insecure' }],
      };
      const result = await http(`${stack.url}/v0.1/publish`, { body, key: publisher.secret });
      expect(result.status).toBe(422);
      expect(result.body.error).toMatch(/^Invalid server\.json: /);
      const locations = result.body.errors.map((error: any) => error.location);
      expect(locations).toEqual(expect.arrayContaining(['body.version', 'body.remotes[0].url']));
    });

    it('answers a duplicate version with 409', async () => {
      const body = manifest('io.github.acme/dup', '1.0.0');
      expect((await http(`${stack.url}/v0.1/publish`, { body, key: publisher.secret })).status).toBe(200);
      const again = await http(`${stack.url}/v0.1/publish`, { body, key: publisher.secret });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CONFLICT');
    });

    it.each([['"just a string"'], ['[1,2]'], ['{"broken": ']])(
      'answers a body that is not a server.json object (%s) with 400',
      async (raw) => {
        const result = await http(`${stack.url}/v0.1/publish`, { rawBody: raw, key: publisher.secret });
        expect(result.status).toBe(400);
        expect(result.body).toEqual(expect.objectContaining({ error: expect.any(String) }));
      },
    );
  });

  describe('status PATCH', () => {
    beforeAll(async () => {
      for (const version of ['1.0.0', '1.1.0', '2.0.0']) {
        await publish(stack.url, publisher.secret, manifest('io.github.acme/lifecycle', version));
      }
    });

    it('deprecates one version', async () => {
      const path = `${stack.url}/v0.1/servers/io.github.acme%2Flifecycle/versions/1.0.0/status`;
      const result = await http(path, {
        method: 'PATCH',
        body: { status: 'deprecated', statusMessage: 'Upgrade to 2.0.0' },
        key: publisher.secret,
      });
      expect(result.status).toBe(200);
      expectValid(schemas, 'ServerResponse', result.body);
      expect(result.body._meta[OFFICIAL]).toEqual(
        expect.objectContaining({ status: 'deprecated', statusMessage: 'Upgrade to 2.0.0', isLatest: false }),
      );
      const again = await http(path, {
        method: 'PATCH',
        body: { status: 'deprecated', statusMessage: 'Upgrade to 2.0.0' },
        key: publisher.secret,
      });
      expect(again.status).toBe(400);
      expect(again.body.error).toBe('No changes to apply: status is already deprecated');
    });

    it('refuses bad bodies, strangers and unknown versions', async () => {
      const path = `${stack.url}/v0.1/servers/io.github.acme%2Flifecycle/versions/1.1.0/status`;
      const invalid = await http(path, { method: 'PATCH', body: { status: 'gone' }, key: publisher.secret });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error).toMatch(/^Invalid status value/);
      const tooLong = await http(path, {
        method: 'PATCH',
        body: { status: 'deprecated', statusMessage: 'x'.repeat(501) },
        key: publisher.secret,
      });
      expect(tooLong.status).toBe(400);
      expect((await http(path, { method: 'PATCH', body: { status: 'deprecated' } })).status).toBe(401);
      expect(
        (await http(path, { method: 'PATCH', body: { status: 'deprecated' }, key: outsider.secret })).status,
      ).toBe(403);
      const missing = await http(
        `${stack.url}/v0.1/servers/io.github.acme%2Flifecycle/versions/9.0.0/status`,
        {
          method: 'PATCH',
          body: { status: 'deprecated' },
          key: publisher.secret,
        },
      );
      expect(missing.status).toBe(404);
    });

    it('sets the status of every version in one go', async () => {
      const path = `${stack.url}/v0.1/servers/io.github.acme%2Flifecycle/status`;
      const result = await http(path, {
        method: 'PATCH',
        body: { status: 'deprecated', statusMessage: 'Unmaintained' },
        key: publisher.secret,
      });
      expect(result.status).toBe(200);
      expectValid(schemas, 'AllVersionsStatusResponse', result.body);
      expect(result.body.updatedCount).toBe(3);
      expect(
        result.body.servers.map((entry: any) => [entry.server.version, entry._meta[OFFICIAL].status]),
      ).toEqual([
        ['2.0.0', 'deprecated'],
        ['1.1.0', 'deprecated'],
        ['1.0.0', 'deprecated'],
      ]);
      const versions = await http(`${stack.url}/v0.1/servers/io.github.acme%2Flifecycle/versions`);
      expect(versions.body.servers.map((entry: any) => entry._meta[OFFICIAL].statusMessage)).toEqual([
        'Unmaintained',
        'Unmaintained',
        'Unmaintained',
      ]);
      const again = await http(path, {
        method: 'PATCH',
        body: { status: 'deprecated', statusMessage: 'Unmaintained' },
        key: publisher.secret,
      });
      expect(again.status).toBe(400);
      const unknown = await http(`${stack.url}/v0.1/servers/io.github.acme%2Fnothing/status`, {
        method: 'PATCH',
        body: { status: 'deleted' },
        key: publisher.secret,
      });
      expect(unknown.status).toBe(404);
    });

    it('deletes a whole server, which then leaves the default listing', async () => {
      await publish(stack.url, publisher.secret, manifest('io.github.acme/doomed', '1.0.0'));
      const result = await http(`${stack.url}/v0.1/servers/io.github.acme%2Fdoomed/status`, {
        method: 'PATCH',
        body: { status: 'deleted' },
        key: publisher.secret,
      });
      expect(result.status).toBe(200);
      expect((await http(`${stack.url}/v0.1/servers?search=acme/doomed`)).body.servers).toEqual([]);
      // Un-deleting needs ADMIN.
      const restore = await http(`${stack.url}/v0.1/servers/io.github.acme%2Fdoomed/status`, {
        method: 'PATCH',
        body: { status: 'active' },
        key: publisher.secret,
      });
      expect(restore.status).toBe(403);
    });
  });

  describe('POST /v0.1/validate', () => {
    it('validates with the registry rules by default (@mcpr/manifest)', async () => {
      const good = await http(`${stack.url}/v0.1/validate`, { body: manifest('io.github.acme/x') });
      expect(good.status).toBe(200);
      expect(good.body.valid).toBe(true);
      const bad = await http(`${stack.url}/v0.1/validate`, { body: manifest('io.github.acme/x', 'latest') });
      expect(bad.status).toBe(200);
      expect(bad.body.valid).toBe(false);
      expect(bad.body.issues.map((issue: { path: string }) => issue.path)).toContain('version');
    });

    it('answers { valid, issues } with 200 whatever the verdict', async () => {
      const validator: ManifestValidator = (input) =>
        (input as { version?: string }).version === 'latest'
          ? {
              ok: false,
              errors: [{ severity: 'error', message: 'version must not be "latest"', path: ['version'] }],
              warnings: [{ severity: 'warning', message: 'long', path: ['packages', '0', 'identifier'] }],
            }
          : { ok: true, warnings: [] };
      const gateway = await stack.extraGateway({ RATE_LIMITS: 'off' }, { validateManifest: validator });
      const good = await http(`${gateway.url}/v0.1/validate`, { body: manifest('io.github.acme/x') });
      expect(good.status).toBe(200);
      expect(good.body).toEqual({ valid: true, issues: [] });
      const bad = await http(`${gateway.url}/v0.1/validate`, {
        body: manifest('io.github.acme/x', 'latest'),
      });
      expect(bad.status).toBe(200);
      expect(bad.body).toEqual({
        valid: false,
        issues: [
          { severity: 'error', message: 'version must not be "latest"', path: 'version' },
          { severity: 'warning', message: 'long', path: 'packages[0].identifier' },
        ],
      });
    });
  });

  it('answers /v0.1/health', async () => {
    expect((await http(`${stack.url}/v0.1/health`)).body).toEqual({ status: 'ok' });
  });

  it('applies the rate limits, with the headers', async () => {
    const gateway = await stack.extraGateway({
      RATE_LIMITS: 'on',
      RATE_LIMIT_READS_PER_MINUTE: '2',
      RATE_LIMIT_KEY_PREFIX: `mcpr:test:rest-${Date.now()}`,
    });
    const results: HttpResult[] = [];
    for (let i = 0; i < 3; i++)
      results.push(await http(`${gateway.url}/v0.1/servers?limit=1`, { key: outsider.secret }));
    expect(results.map((result) => result.status)).toEqual([200, 200, 429]);
    expect(results[0]!.headers['ratelimit-policy']).toBe('2;w=60');
    expect(results[2]!.headers['retry-after']).toMatch(/^\d+$/);
    expect(results[2]!.body).toEqual(
      expect.objectContaining({ error: expect.stringMatching(/^Rate limit exceeded/), code: 'RATE_LIMITED' }),
    );
  });
});
