/**
 * Every validation rule family of @mcpr/manifest (packages/manifest/src/README.md) through the gateway:
 * one bad manifest per rule, each answered with BAD_USER_INPUT userErrors at exact paths from `manifest`,
 * all problems at once, warnings that do not block, the remote-URL CONFLICT, and nothing stored for any
 * refused publish (no server, no version.published in the audit log).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuditLogDocument,
  createKey,
  createNamespace,
  eventually,
  expectData,
  minimalManifest,
  PublishServerDocument,
  PublishWithWarningsDocument,
  refusal,
  ServerDetailDocument,
  ServerVersionDocument,
  startTestStack,
  UNTHROTTLED_ENV,
  type GatewayClient,
  type Manifest,
  type TestStack,
} from '../src';

const EXT = ['_meta', 'io.mcpr/publisher-provided'];

/** A manifest `io.github.acme/<slug>` with our block holding `block`. */
function withBlock(slug: string, block: Record<string, unknown>): Manifest {
  return { ...minimalManifest(`io.github.acme/${slug}`), _meta: { 'io.mcpr/publisher-provided': block } };
}

const tool = (name: string, inputSchema: unknown = { type: 'object' }) => ({
  name,
  description: `The ${name} tool`,
  inputSchema,
});

const pkg = (overrides: Record<string, unknown>) => ({
  registryType: 'npm',
  identifier: '@acme/tool',
  version: '1.0.0',
  transport: { type: 'stdio' },
  ...overrides,
});

describe('manifest validation through the gateway', () => {
  let stack: TestStack;
  /** SERVERS_PUBLISH on io.github.acme/*. */
  let publisher: GatewayClient;
  /** A local HTTP server standing in for a remote `$ref` target: it must never be asked. */
  let refTarget: Server;
  let refTargetHits = 0;
  let refUrl: string;

  beforeAll(async () => {
    refTarget = createServer((_req, res) => {
      refTargetHits += 1;
      res.setHeader('content-type', 'application/json');
      res.end('{"type":"string"}');
    });
    await new Promise<void>((resolve) => refTarget.listen(0, '127.0.0.1', resolve));
    refUrl = `http://127.0.0.1:${(refTarget.address() as AddressInfo).port}/schema.json`;

    stack = await startTestStack({ env: UNTHROTTLED_ENV });
    await createNamespace(stack.admin, 'io.github.acme', 'acme');
    ({ client: publisher } = await createKey(stack.admin, {
      account: 'acme',
      scopes: ['SERVERS_PUBLISH'],
      namespaces: ['io.github.acme/*'],
    }));
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await new Promise<void>((resolve) => (refTarget ? refTarget.close(() => resolve()) : resolve()));
  });

  async function publish(manifest: unknown) {
    return expectData(await publisher.execute(PublishServerDocument, { input: { manifest } })).publishServer;
  }

  const serverOf = async (name: string) =>
    expectData(await stack.anonymous.execute(ServerDetailDocument, { name })).server;

  /** Names of every manifest the cases below send, to check afterwards that none was stored. */
  const attemptedNames = new Set<string>();

  // [rule, manifest, expected error paths (after 'manifest')]
  const cases: [string, () => unknown, string[][]][] = [
    // name
    ['name: not the official pattern', () => minimalManifest('io.github.acme/has space'), [['name']]],
    ['name: two slashes', () => minimalManifest('io.github.acme/a/b'), [['name']]],
    ['name: part ending in a dash', () => minimalManifest('io.github.acme/abc-'), [['name']]],
    ['name: reserved', () => minimalManifest('io.github.acme/admin'), [['name']]],
    ['name: reserved, any case', () => minimalManifest('io.github.acme/ROOT'), [['name']]],
    // description
    [
      'description: missing',
      () => ({ name: 'io.github.acme/no-description', version: '1.0.0' }),
      [['description']],
    ],
    [
      'description: blank',
      () => minimalManifest('io.github.acme/blank-description', '1.0.0', '   '),
      [['description']],
    ],
    // version
    ['version: latest', () => minimalManifest('io.github.acme/v-latest', 'latest'), [['version']]],
    ['version: LATEST', () => minimalManifest('io.github.acme/v-latest-upper', 'LATEST'), [['version']]],
    ['version: caret range', () => minimalManifest('io.github.acme/v-caret', '^1.2.0'), [['version']]],
    ['version: comparator range', () => minimalManifest('io.github.acme/v-gte', '>=1.0.0'), [['version']]],
    ['version: x-range', () => minimalManifest('io.github.acme/v-x', '1.x'), [['version']]],
    ['version: star', () => minimalManifest('io.github.acme/v-star', '*'), [['version']]],
    [
      'version: too long',
      () => minimalManifest('io.github.acme/v-long', `1.0.0-${'a'.repeat(260)}`),
      [['version']],
    ],
    // links
    [
      'websiteUrl: not https',
      () => ({ ...minimalManifest('io.github.acme/http-site'), websiteUrl: 'http://acme.example.com' }),
      [['websiteUrl']],
    ],
    [
      'repository.url: not https',
      () => ({
        ...minimalManifest('io.github.acme/http-repo'),
        repository: { url: 'http://github.com/acme/tool', source: 'github' },
      }),
      [['repository', 'url']],
    ],
    // packages
    [
      'package: unknown registryType',
      () => ({ ...minimalManifest('io.github.acme/pkg-type'), packages: [pkg({ registryType: 'cargo' })] }),
      [['packages', '0', 'registryType']],
    ],
    [
      'package: unknown transport type',
      () => ({
        ...minimalManifest('io.github.acme/pkg-transport'),
        packages: [pkg({}), pkg({ transport: { type: 'carrier-pigeon' } })],
      }),
      [['packages', '1', 'transport', 'type']],
    ],
    [
      'package: http transport URL off localhost',
      () => ({
        ...minimalManifest('io.github.acme/pkg-http'),
        packages: [pkg({ transport: { type: 'streamable-http', url: 'http://example.com/mcp' } })],
      }),
      [['packages', '0', 'transport', 'url']],
    ],
    [
      'package: streamable-http transport without a URL',
      () => ({
        ...minimalManifest('io.github.acme/pkg-no-url'),
        packages: [pkg({ transport: { type: 'streamable-http' } })],
      }),
      [['packages', '0', 'transport', 'url']],
    ],
    [
      'package: version latest',
      () => ({ ...minimalManifest('io.github.acme/pkg-latest'), packages: [pkg({ version: 'latest' })] }),
      [['packages', '0', 'version']],
    ],
    // remotes
    [
      'remote: not https',
      () => ({
        ...minimalManifest('io.github.acme/remote-http'),
        remotes: [{ type: 'sse', url: 'http://acme.example.com/sse' }],
      }),
      [['remotes', '0', 'url']],
    ],
    [
      'remote: without url',
      () => ({ ...minimalManifest('io.github.acme/remote-no-url'), remotes: [{ type: 'sse' }] }),
      [['remotes', '0', 'url']],
    ],
    [
      'remote: not a public host',
      () => ({
        ...minimalManifest('io.github.acme/remote-private'),
        remotes: [
          { type: 'sse', url: 'https://public.example.com/sse' },
          { type: 'sse', url: 'https://10.0.0.1/sse' },
        ],
      }),
      [['remotes', '1', 'url']],
    ],
    [
      'remote: stdio type',
      () => ({
        ...minimalManifest('io.github.acme/remote-stdio'),
        remotes: [{ type: 'stdio', url: 'https://stdio.example.com/x' }],
      }),
      [['remotes', '0', 'type']],
    ],
    // our block: tools, schemas, permissions
    [
      'tools: duplicate names',
      () => withBlock('dup-tools', { tools: [tool('lookup'), tool('other'), tool('lookup')] }),
      [[...EXT, 'tools', '2', 'name']],
    ],
    [
      'tools: bad name',
      () => withBlock('bad-tool', { tools: [tool('bad tool!')] }),
      [[...EXT, 'tools', '0', 'name']],
    ],
    [
      'tools: inputSchema missing',
      () => withBlock('no-schema', { tools: [{ name: 't', description: 'd' }] }),
      [[...EXT, 'tools', '0', 'inputSchema']],
    ],
    [
      'tools: invalid inputSchema',
      () =>
        withBlock('bad-schema', {
          tools: [tool('t', { type: 'object', properties: { a: { type: 'strin' } } })],
        }),
      [[...EXT, 'tools', '0', 'inputSchema', 'properties', 'a', 'type']],
    ],
    [
      'tools: draft-04 inputSchema',
      () =>
        withBlock('draft-04', {
          tools: [tool('t', { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' })],
        }),
      [[...EXT, 'tools', '0', 'inputSchema', '$schema']],
    ],
    [
      'tools: remote $ref',
      () =>
        withBlock('remote-ref', {
          tools: [tool('t', { type: 'object', properties: { a: { $ref: refUrl } } })],
        }),
      [[...EXT, 'tools', '0', 'inputSchema', 'properties', 'a', '$ref']],
    ],
    [
      'permissions: unknown kind',
      () => withBlock('bad-permission', { permissions: [{ kind: 'TELEPATHY', patterns: ['*'] }] }),
      [[...EXT, 'permissions', '0', 'kind']],
    ],
    // size and shape of the whole manifest
    [
      'manifest: over the size limit',
      () => ({
        ...minimalManifest('io.github.acme/huge'),
        _meta: { 'com.example/blob': { data: 'x'.repeat(300_000) } },
      }),
      [[]],
    ],
    ['manifest: an array', () => [minimalManifest('io.github.acme/in-array')], [[]]],
    ['manifest: a string', () => 'io.github.acme/just-a-string', [[]]],
    ['manifest: a number', () => 42, [[]]],
    // _meta
    [
      '_meta: signature of the wrong shape',
      () => ({ ...minimalManifest('io.github.acme/sig-shape'), _meta: { 'io.mcpr/signature': 'abc' } }),
      [['_meta', 'io.mcpr/signature']],
    ],
    [
      '_meta: signature with a bad alg and sig',
      () => ({
        ...minimalManifest('io.github.acme/sig-fields'),
        _meta: { 'io.mcpr/signature': { keyId: 'k1', alg: 'rsa', sig: 42 } },
      }),
      [
        ['_meta', 'io.mcpr/signature', 'alg'],
        ['_meta', 'io.mcpr/signature', 'sig'],
      ],
    ],
    [
      '_meta: a key under a registry prefix',
      () => ({ ...minimalManifest('io.github.acme/reserved-meta'), _meta: { 'io.mcpr/other': {} } }),
      [['_meta', 'io.mcpr/other']],
    ],
    // $schema
    [
      '$schema: unknown URL',
      () => ({
        ...minimalManifest('io.github.acme/unknown-schema'),
        $schema: 'https://example.com/server.schema.json',
      }),
      [['$schema']],
    ],
    // several problems at once: all of them, in one answer
    [
      'three problems at once',
      () => ({ name: 'io.github.acme/three', version: 'latest', websiteUrl: 'http://x.example.com' }),
      [['description'], ['version'], ['websiteUrl']],
    ],
    [
      'three rule families at once',
      () => ({
        name: 'io.github.acme/root',
        description: 'Mixed',
        version: '1.0.0',
        remotes: [{ type: 'sse', url: 'http://mixed.example.com/sse' }],
        _meta: { 'io.mcpr/publisher-provided': { tools: [tool('bad name')] } },
      }),
      [['name'], ['remotes', '0', 'url'], [...EXT, 'tools', '0', 'name']],
    ],
  ];

  it.each(cases)('refuses %s', async (_rule, build, expectedPaths) => {
    const manifest = build();
    const name =
      typeof manifest === 'object' && manifest !== null && !Array.isArray(manifest)
        ? (manifest as Manifest).name
        : undefined;
    if (typeof name === 'string') attemptedNames.add(name);

    const payload = await publish(manifest);
    expect(payload.version).toBeNull();
    expect(payload.userErrors).toEqual(
      expectedPaths.map((path) => ({
        code: 'BAD_USER_INPUT',
        message: expect.stringMatching(/\S/),
        path: ['manifest', ...path],
      })),
    );
    if (typeof name === 'string') expect(await serverOf(name)).toBeNull();
  });

  it('never fetches a remote $ref', () => {
    expect(refTargetHits).toBe(0);
  });

  it('refuses a null manifest at the schema (JSON! is non-null)', async () => {
    const response = await publisher.execute(PublishServerDocument, { input: { manifest: null } });
    expect(refusal(response)).toBe('BAD_USER_INPUT');
  });

  it('accepts a description over 100 characters with a warning', async () => {
    const name = 'io.github.acme/wordy';
    const { publishServer } = expectData(
      await publisher.execute(PublishWithWarningsDocument, {
        manifest: minimalManifest(name, '1.0.0', 'A very long description. '.repeat(6)),
      }),
    );
    expect(publishServer.userErrors).toEqual([]);
    expect(publishServer.version).toMatchObject({ version: '1.0.0', isLatest: true });
    expect(publishServer.warnings).toEqual([
      { message: expect.stringMatching(/\S/), path: ['manifest', 'description'] },
    ]);
    expect((await serverOf(name))?.description).toBe('A very long description. '.repeat(6));
  });

  it('accepts an older official $schema with a warning', async () => {
    const { publishServer } = expectData(
      await publisher.execute(PublishWithWarningsDocument, {
        manifest: {
          ...minimalManifest('io.github.acme/older-schema'),
          $schema: 'https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json',
        },
      }),
    );
    expect(publishServer.userErrors).toEqual([]);
    expect(publishServer.warnings.map((warning) => warning.path)).toEqual([['manifest', '$schema']]);
  });

  it('strips the official registry’s _meta block from the stored manifest', async () => {
    const name = 'io.github.acme/official-meta';
    await publish({
      ...minimalManifest(name),
      _meta: {
        'io.modelcontextprotocol.registry/official': { status: 'active', isLatest: true },
        'com.example/vendor': { kept: true },
      },
    });
    const stored = expectData(
      await stack.anonymous.execute(ServerVersionDocument, { name, version: '1.0.0' }),
    ).serverVersion?.manifest as Manifest;
    expect(stored._meta).toEqual({ 'com.example/vendor': { kept: true } });
  });

  describe('remote URLs', () => {
    const remote = (url: string) => ({ type: 'streamable-http', url });

    it('refuses a remote URL another server uses with CONFLICT at its index, storing nothing', async () => {
      const taken = 'https://taken.example.com/mcp';
      const free = 'https://free.example.com/mcp';
      const first = await publish({
        ...minimalManifest('io.github.acme/remote-owner'),
        remotes: [remote(taken)],
      });
      expect(first.userErrors).toEqual([]);

      attemptedNames.add('io.github.acme/remote-thief');
      const thief = await publish({
        ...minimalManifest('io.github.acme/remote-thief'),
        remotes: [remote(free), remote(taken)],
      });
      expect(thief.version).toBeNull();
      expect(thief.userErrors).toEqual([
        { code: 'CONFLICT', message: expect.stringMatching(/\S/), path: ['manifest', 'remotes', '1', 'url'] },
      ]);
      expect(await serverOf('io.github.acme/remote-thief')).toBeNull();

      // All or nothing: the refused publish claimed none of its URLs.
      const other = await publish({
        ...minimalManifest('io.github.acme/remote-other'),
        remotes: [remote(free)],
      });
      expect(other.userErrors).toEqual([]);
      // A server may keep its own URL in a new version.
      const again = await publish({
        ...minimalManifest('io.github.acme/remote-owner', '1.1.0'),
        remotes: [remote(taken)],
      });
      expect(again.userErrors).toEqual([]);
    });
  });

  it('stored nothing for any refused manifest: no server, no version.published in the audit log', async () => {
    // Events are delivered in order, so once this sentinel's entry is in the log, any entry of an
    // earlier refused publish would be too.
    const sentinel = await publish(minimalManifest('io.github.acme/sentinel'));
    expect(sentinel.userErrors).toEqual([]);
    const published = await eventually(async () => {
      const { auditLog } = expectData(
        await stack.admin.execute(AuditLogDocument, { filter: { types: ['version.published'] }, first: 100 }),
      );
      const subjects = auditLog.edges.map((edge) => edge.node.subject);
      expect(subjects).toContain('io.github.acme/sentinel');
      return subjects;
    });
    expect([...new Set(published)].sort()).toEqual(
      [
        'io.github.acme/official-meta',
        'io.github.acme/older-schema',
        'io.github.acme/remote-other',
        'io.github.acme/remote-owner',
        'io.github.acme/sentinel',
        'io.github.acme/wordy',
      ].sort(),
    );
    for (const name of attemptedNames) expect([name, await serverOf(name)]).toEqual([name, null]);
  });
});
