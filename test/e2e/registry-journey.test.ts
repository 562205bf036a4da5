/**
 * The registry journey through the gateway with the typed client, on SQLite and (when DATABASE_URL is
 * set) PostgreSQL: publish → read → latest rules → conflicts → status → pagination and filters →
 * installs → eventual audit trail.
 */
import { canonicalDigest, waitFor } from '@mcpr/platform';
import {
  createKey,
  createNamespace,
  eventually,
  expectData,
  fullManifest,
  AuditLogDocument,
  ListServersDocument,
  minimalManifest,
  PublishServerDocument,
  RecordInstallDocument,
  ServerDetailDocument,
  ServerVersionDocument,
  SetVersionStatusDocument,
  startTestStack,
  UNTHROTTLED_ENV,
  type AuditLogQuery,
  type GatewayClient,
  type ListServersQuery,
  type Manifest,
  type ServerFilter,
  type TestStack,
  type VersionStatus,
  stackDialects,
} from '../src';

const HEX64 = /^[0-9a-f]{64}$/;

describe.each(stackDialects())('registry journey on %s', (dialect) => {
  let stack: TestStack;
  /** SERVERS_PUBLISH + SERVERS_MANAGE on io.github.acme/*, account acme. */
  let publisher: GatewayClient;

  beforeAll(async () => {
    stack = await startTestStack({ dialect, env: UNTHROTTLED_ENV });
    await createNamespace(stack.admin, 'io.github.acme', 'acme');
    ({ client: publisher } = await createKey(stack.admin, {
      account: 'acme',
      name: 'acme publisher',
      scopes: ['SERVERS_PUBLISH', 'SERVERS_MANAGE'],
      namespaces: ['io.github.acme/*'],
    }));
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  async function publish(manifest: Manifest, client = publisher) {
    const { publishServer } = expectData(
      await client.execute(PublishServerDocument, { input: { manifest } }),
    );
    return publishServer;
  }

  async function publishOk(manifest: Manifest, client = publisher) {
    const payload = await publish(manifest, client);
    expect(payload.userErrors).toEqual([]);
    if (!payload.version) throw new Error('publish returned no version');
    return payload.version;
  }

  async function detail(name: string) {
    return expectData(await stack.anonymous.execute(ServerDetailDocument, { name })).server;
  }

  async function version(name: string, ver: string) {
    return expectData(await stack.anonymous.execute(ServerVersionDocument, { name, version: ver }))
      .serverVersion;
  }

  async function setStatus(name: string, ver: string, status: VersionStatus, message?: string) {
    const { setVersionStatus } = expectData(
      await publisher.execute(SetVersionStatusDocument, { input: { name, version: ver, status, message } }),
    );
    return setVersionStatus;
  }

  async function list(first: number | null, after: string | null, filter: ServerFilter | null = null) {
    return expectData(await stack.anonymous.execute(ListServersDocument, { first, after, filter })).servers;
  }

  /** Every page of `servers` for a filter, `first` at a time. */
  async function listAll(filter: ServerFilter | null, first = 10) {
    const pages: ListServersQuery['servers'][] = [];
    let after: string | null = null;
    for (;;) {
      const page = await list(first, after, filter);
      pages.push(page);
      if (!page.pageInfo.hasNextPage) break;
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor);
      after = page.pageInfo.endCursor;
      if (pages.length > 1000) throw new Error('pagination does not end');
    }
    return { pages, names: pages.flatMap((page) => page.edges.map((edge) => edge.node.name)) };
  }

  const latestOf = (server: NonNullable<Awaited<ReturnType<typeof detail>>>) =>
    server.versions.edges.filter((edge) => edge.node.isLatest).map((edge) => edge.node.version);

  it('publishes a version and serves it back: digest, manifest, packages, remotes, tools, defaults', async () => {
    const name = 'io.github.acme/weather';
    const manifest = fullManifest(name, '1.0.0');
    const published = await publishOk(manifest);
    expect(published).toMatchObject({
      version: '1.0.0',
      isLatest: true,
      status: 'ACTIVE',
      server: { name, namespace: { name: 'io.github.acme' } },
      tools: [
        { name: 'get_forecast', description: 'Forecast for a city' },
        { name: 'current_conditions', description: 'Current conditions' },
      ],
    });
    expect(published.manifestDigest).toMatch(HEX64);
    expect(Number.isNaN(Date.parse(published.publishedAt))).toBe(false);

    // Eventual consistency: the public audit trail shows the publish within a second (contract).
    const trail = await eventually(async () => {
      const entries = (await detail(name))?.latestVersion?.auditTrail?.edges.map((edge) => edge.node) ?? [];
      expect(entries.map((entry) => entry.type)).toContain('version.published');
      return entries;
    }, 1_000);
    expect(trail.find((entry) => entry.type === 'version.published')?.actor).toBe('acme');

    const server = await detail(name);
    expect(server).toMatchObject({
      id: published.server.id,
      name,
      title: 'Weather',
      description: 'Forecasts and current conditions for any city',
      status: 'ACTIVE',
      installCount: 0,
      namespace: { name: 'io.github.acme' },
    });
    const latest = server?.latestVersion;
    expect(latest).toMatchObject({ id: published.id, version: '1.0.0', status: 'ACTIVE', isLatest: true });
    // The stored manifest is what was sent (nothing to strip here), and the digest is SHA-256 of its
    // RFC 8785 form, computed independently of the registry.
    expect(latest?.manifest).toEqual(manifest);
    expect(latest?.manifestDigest).toBe(published.manifestDigest);
    expect(latest?.manifestDigest).toBe(canonicalDigest(latest?.manifest));
    expect(latest?.packages).toEqual([
      {
        registryType: 'npm',
        identifier: '@acme/weather-mcp',
        version: '1.0.0',
        runtimeHint: 'npx',
        transport: { type: 'stdio', url: null },
      },
      {
        registryType: 'oci',
        identifier: 'ghcr.io/acme/weather-mcp:1.0.0',
        version: null,
        runtimeHint: null,
        transport: { type: 'streamable-http', url: 'http://localhost:8080/mcp' },
      },
    ]);
    expect(latest?.remotes).toEqual([
      { type: 'streamable-http', url: 'https://io-github-acme-weather.mcp.example.com/mcp' },
    ]);
    const tools = (manifest._meta as Record<string, { tools: Record<string, unknown>[] }>)[
      'io.mcpr/publisher-provided'
    ]!.tools;
    expect(latest?.tools).toEqual([
      {
        name: 'get_forecast',
        title: 'Get forecast',
        description: 'Forecast for a city',
        inputSchema: tools[0]!.inputSchema,
        annotations: { readOnlyHint: true, destructiveHint: null, idempotentHint: null, openWorldHint: true },
      },
      {
        name: 'current_conditions',
        title: null,
        description: 'Current conditions',
        inputSchema: tools[1]!.inputSchema,
        annotations: null,
      },
    ]);
    expect(server?.versions.edges.map((edge) => edge.node)).toEqual([
      { version: '1.0.0', status: 'ACTIVE', isLatest: true, publishedAt: published.publishedAt },
    ]);
    expect(server?.versions.pageInfo.hasNextPage).toBe(false);
    // A new server with no installs, reviews or attestations is UNVERIFIED. Its scan is PENDING until the
    // trust subgraph has stored a report (the trust stub never does); once one is stored it has a score.
    expect(server?.trust?.tier).toBe('UNVERIFIED');
    const scan = latest?.scan;
    if (scan?.status === 'PENDING') expect(scan).toEqual({ status: 'PENDING', score: null, findings: [] });
    else
      expect(scan).toMatchObject({
        status: expect.stringMatching(/^(PASSED|WARNED|FAILED)$/),
        score: expect.any(Number),
      });

    const byVersion = await version(name, '1.0.0');
    expect(byVersion).toMatchObject({
      version: '1.0.0',
      status: 'ACTIVE',
      statusMessage: null,
      isLatest: true,
    });
    expect(byVersion?.manifest).toEqual(manifest);
    expect(byVersion?.tools).toEqual([
      { name: 'get_forecast', inputSchema: tools[0]!.inputSchema },
      { name: 'current_conditions', inputSchema: tools[1]!.inputSchema },
    ]);
    expect((await version(name, 'latest'))?.version).toBe('1.0.0');
  });

  it('keeps the highest semver version latest, whatever the publish order', async () => {
    const name = 'io.github.acme/weather';
    const v110 = await publishOk({ ...fullManifest(name, '1.1.0'), description: 'Weather, version 1.1' });
    expect(v110.isLatest).toBe(true);
    const v090 = await publishOk({ ...fullManifest(name, '0.9.0'), description: 'Weather, old branch' });
    expect(v090.isLatest).toBe(false);

    const server = await detail(name);
    // Newest publish first; exactly one latest.
    expect(server?.versions.edges.map((edge) => [edge.node.version, edge.node.isLatest])).toEqual([
      ['0.9.0', false],
      ['1.1.0', true],
      ['1.0.0', false],
    ]);
    expect(server?.latestVersion?.version).toBe('1.1.0');
    // Server-level metadata follows the latest version, not the last publish.
    expect(server?.description).toBe('Weather, version 1.1');
    expect((await version(name, 'latest'))?.version).toBe('1.1.0');
    expect((await version(name, '1.0.0'))?.isLatest).toBe(false);
  });

  it('ranks semver above non-semver versions, and non-semver versions by publish time', async () => {
    const name = 'io.github.acme/nightly';
    expect((await publishOk(minimalManifest(name, 'build-7'))).isLatest).toBe(true);
    expect((await publishOk(minimalManifest(name, 'build-8'))).isLatest).toBe(true);
    expect((await version(name, 'build-7'))?.isLatest).toBe(false);
    expect((await publishOk(minimalManifest(name, '0.1.0'))).isLatest).toBe(true);
    expect((await publishOk(minimalManifest(name, 'build-9'))).isLatest).toBe(false);
    expect((await version(name, 'latest'))?.version).toBe('0.1.0');
    expect(latestOf((await detail(name))!)).toEqual(['0.1.0']);
  });

  it('refuses a version that exists with CONFLICT at manifest.version and stores nothing', async () => {
    const name = 'io.github.acme/weather';
    const before = await detail(name);
    const payload = await publish({ ...fullManifest(name, '1.0.0'), description: 'A sneaky replacement' });
    expect(payload.version).toBeNull();
    expect(payload.userErrors).toEqual([
      { code: 'CONFLICT', message: expect.any(String), path: ['manifest', 'version'] },
    ]);
    const after = await detail(name);
    expect(after?.versions).toEqual(before?.versions);
    expect((await version(name, '1.0.0'))?.manifest).toEqual(fullManifest(name, '1.0.0'));
    expect(after?.description).toBe(before?.description);
  });

  it('changes statuses: a deprecated latest stays latest, a deleted one hands over, all deleted → DELETED', async () => {
    const name = 'io.github.acme/weather';
    const deprecated = await setStatus(name, '1.1.0', 'DEPRECATED', 'Use 2.x when it ships');
    expect(deprecated).toEqual({
      version: {
        version: '1.1.0',
        status: 'DEPRECATED',
        statusMessage: 'Use 2.x when it ships',
        isLatest: true,
      },
      userErrors: [],
    });
    let server = await detail(name);
    expect(server?.status).toBe('DEPRECATED');
    expect(server?.latestVersion?.version).toBe('1.1.0');
    expect(await version(name, 'latest')).toMatchObject({
      version: '1.1.0',
      status: 'DEPRECATED',
      statusMessage: 'Use 2.x when it ships',
    });

    // "latest" is accepted as the version to change.
    const deleted = await setStatus(name, 'latest', 'DELETED', 'Leaked a token');
    expect(deleted.userErrors).toEqual([]);
    expect(deleted.version).toMatchObject({ version: '1.1.0', status: 'DELETED', isLatest: false });
    server = await detail(name);
    expect(server?.latestVersion?.version).toBe('1.0.0');
    expect(server?.status).toBe('ACTIVE');
    expect(latestOf(server!)).toEqual(['1.0.0']);

    expect((await setStatus(name, '1.0.0', 'DELETED')).version?.isLatest).toBe(false);
    expect((await detail(name))?.latestVersion?.version).toBe('0.9.0');
    expect((await setStatus(name, '0.9.0', 'DELETED')).userErrors).toEqual([]);

    server = await detail(name);
    expect(server).not.toBeNull();
    expect(server?.status).toBe('DELETED');
    expect(server?.latestVersion).toBeNull();
    expect(
      server?.versions.edges.map((edge) => [edge.node.version, edge.node.status, edge.node.isLatest]),
    ).toEqual([
      ['0.9.0', 'DELETED', false],
      ['1.1.0', 'DELETED', false],
      ['1.0.0', 'DELETED', false],
    ]);
    expect(await version(name, 'latest')).toBeNull();
    expect(await version(name, '1.1.0')).toMatchObject({
      status: 'DELETED',
      statusMessage: 'Leaked a token',
    });

    const visible = await list(100, null, { nameContains: 'acme/weather' });
    expect(visible.edges.map((edge) => edge.node.name)).toEqual([]);
    expect(visible.totalCount).toBe(0);
    const deletedOnes = await list(100, null, { nameContains: 'acme/weather', status: 'DELETED' });
    expect(deletedOnes.edges.map((edge) => edge.node)).toEqual([
      {
        name,
        description: 'Weather, old branch',
        status: 'DELETED',
        latestVersion: null,
        trust: { tier: 'UNVERIFIED' },
      },
    ]);
    expect(deletedOnes.totalCount).toBe(1);

    // Nothing left to install.
    const { recordInstall } = expectData(
      await stack.anonymous.execute(RecordInstallDocument, { input: { name } }),
    );
    expect(recordInstall.installCount).toBeNull();
    expect(recordInstall.userErrors.map((error) => error.code)).toEqual(['NOT_FOUND']);
  });

  it('answers NOT_FOUND for a status change of an unknown server or version', async () => {
    expect((await setStatus('io.github.acme/nope', '1.0.0', 'DEPRECATED')).userErrors).toEqual([
      { code: 'NOT_FOUND', message: expect.any(String), path: ['name'] },
    ]);
    expect((await setStatus('io.github.acme/nightly', '9.9.9', 'DEPRECATED')).userErrors).toEqual([
      { code: 'NOT_FOUND', message: expect.any(String), path: ['version'] },
    ]);
  });

  it('pages through servers with cursors: no duplicates, no gaps, totals right, first clamped to 100', async () => {
    const names = Array.from({ length: 101 }, (_, i) => `io.github.pager/s-${String(i).padStart(3, '0')}`);
    // The admin publishes into a namespace that does not exist yet (created on the first publish), ten
    // at a time: concurrent publishes into one new namespace must not conflict with each other.
    await publishOk(minimalManifest(names[0]!), stack.admin);
    for (let i = 1; i < names.length; i += 10) {
      await Promise.all(names.slice(i, i + 10).map((name) => publishOk(minimalManifest(name), stack.admin)));
    }

    const { pages, names: seen } = await listAll({ namespace: 'io.github.pager' }, 10);
    expect(pages).toHaveLength(11);
    expect(seen).toEqual(names);
    for (const page of pages) expect(page.totalCount).toBe(101);
    expect(pages.map((page) => page.edges.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 1]);
    expect(pages.map((page) => page.pageInfo.hasNextPage)).toEqual([...Array(10).fill(true), false]);

    const clamped = await list(1000, null, { namespace: 'io.github.pager' });
    expect(clamped.edges).toHaveLength(100);
    expect(clamped.pageInfo.hasNextPage).toBe(true);
    expect(clamped.totalCount).toBe(101);
    const rest = await list(1000, clamped.pageInfo.endCursor, { namespace: 'io.github.pager' });
    expect(rest.edges.map((edge) => edge.node.name)).toEqual([names[100]]);

    // Without a filter: every live server exactly once, in the same order the database gives.
    const all = await listAll(null, 10);
    expect(new Set(all.names).size).toBe(all.names.length);
    expect(all.names.length).toBe(all.pages[0]!.totalCount);
    expect(all.names).toEqual((await listAll(null, 100)).names);
    expect(all.names).toEqual(expect.arrayContaining([...names, 'io.github.acme/nightly']));
    expect(all.names).not.toContain('io.github.acme/weather');
  });

  it('filters servers by namespace, nameContains and updatedSince', async () => {
    expect((await list(5, null, { namespace: 'io.github.nobody' })).totalCount).toBe(0);
    expect(
      (await list(5, null, { namespace: 'io.github.acme' })).edges.map((edge) => edge.node.name),
    ).toEqual(['io.github.acme/nightly']);

    const fifties = await list(100, null, { nameContains: 'pager/s-05' });
    expect(fifties.totalCount).toBe(10);
    expect(fifties.edges.map((edge) => edge.node.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `io.github.pager/s-05${i}`),
    );
    // Case-insensitive, and LIKE wildcards are literal characters.
    expect((await list(100, null, { nameContains: 'PAGER/S-05' })).totalCount).toBe(10);
    await publishOk(minimalManifest('io.github.acme/under_score'));
    expect((await list(100, null, { nameContains: '_' })).edges.map((edge) => edge.node.name)).toEqual([
      'io.github.acme/under_score',
    ]);
    expect((await list(100, null, { nameContains: '%' })).totalCount).toBe(0);

    const first = await publishOk(minimalManifest('io.github.acme/since-a'));
    // The clock must move past the first publish so the two can be told apart (a condition, not a sleep).
    await waitFor(() => Date.now() > Date.parse(first.publishedAt) + 1, 1_000, 'clock moves on');
    const second = await publishOk(minimalManifest('io.github.acme/since-b'));
    const since = await list(100, null, { updatedSince: second.publishedAt });
    expect(since.edges.map((edge) => edge.node.name)).toEqual(['io.github.acme/since-b']);
    expect(since.totalCount).toBe(1);
    const both = await list(100, null, { updatedSince: first.publishedAt, nameContains: 'acme/since-' });
    expect(both.edges.map((edge) => edge.node.name)).toEqual([
      'io.github.acme/since-a',
      'io.github.acme/since-b',
    ]);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await list(100, null, { updatedSince: future })).totalCount).toBe(0);
  });

  it('counts installs anonymously and answers NOT_FOUND for unknown names and versions', async () => {
    const name = 'io.github.acme/installs';
    await publishOk(minimalManifest(name, '1.0.0'));
    const install = async (input: { name: string; version?: string; client?: string }) =>
      expectData(await stack.anonymous.execute(RecordInstallDocument, { input })).recordInstall;

    expect(await install({ name })).toEqual({ installCount: 1, userErrors: [] });
    expect(await install({ name, version: '1.0.0', client: 'vscode' })).toEqual({
      installCount: 2,
      userErrors: [],
    });
    expect(await install({ name, version: 'latest' })).toEqual({ installCount: 3, userErrors: [] });
    expect((await detail(name))?.installCount).toBe(3);

    expect(await install({ name: 'io.github.acme/unknown' })).toEqual({
      installCount: null,
      userErrors: [{ code: 'NOT_FOUND', message: expect.any(String), path: ['name'] }],
    });
    expect(await install({ name, version: '7.7.7' })).toEqual({
      installCount: null,
      userErrors: [{ code: 'NOT_FOUND', message: expect.any(String), path: ['version'] }],
    });
    expect((await detail(name))?.installCount).toBe(3);
  });

  it('answers null for unknown servers and versions', async () => {
    expect(await detail('io.github.acme/does-not-exist')).toBeNull();
    expect(await detail('not a name at all')).toBeNull();
    expect(await version('io.github.acme/does-not-exist', 'latest')).toBeNull();
    expect(await version('io.github.acme/installs', '0.0.1')).toBeNull();
  });

  it('records every publish of the burst in the audit log, in order, exactly once', async () => {
    // Throughput, not latency: the 101 pager publishes (and everything after them) all reach the log.
    const published = await eventually(
      async () => {
        const entries: { subject: string; index: number }[] = [];
        let after: string | null = null;
        for (;;) {
          const page: AuditLogQuery['auditLog'] = expectData(
            await stack.admin.execute(AuditLogDocument, {
              filter: { types: ['version.published'] },
              first: 100,
              after,
            }),
          ).auditLog;
          entries.push(...page.edges.map((edge) => edge.node));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        const pager = entries.filter((entry) => entry.subject.startsWith('io.github.pager/'));
        expect(pager).toHaveLength(101);
        return entries;
      },
      30_000,
      200,
    );
    expect(published.map((entry) => entry.index)).toEqual(
      [...published.map((entry) => entry.index)].sort((a, b) => a - b),
    );
    const subjects = published
      .filter((entry) => entry.subject.startsWith('io.github.pager/'))
      .map((entry) => entry.subject);
    expect(new Set(subjects).size).toBe(101);
  });
});
