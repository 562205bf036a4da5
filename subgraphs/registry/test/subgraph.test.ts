import {
  GATEWAY_TOKEN_HEADER,
  listen,
  Scope,
  signGatewayToken,
  testDialects,
  type KeyPrincipal,
  type Principal,
  type SubgraphServer,
} from '@mcpr/platform';
import { createRegistryContext } from '../src/context';
import { buildRegistryServer } from '../src/server';
import { adminPrincipal, keyFor, manifest, openTestDb, silentLogger, unique, type TestDb } from './helpers';

// The registry operations of the client contract (shared/contract/operations.graphql), without the
// fields other subgraphs add (trust, scan, auditTrail).
const PUBLISH = /* GraphQL */ `
  mutation PublishServer($input: PublishServerInput!) {
    publishServer(input: $input) {
      version {
        id
        version
        isLatest
        status
        publishedAt
        manifestDigest
        server {
          id
          name
          namespace {
            name
          }
        }
        tools {
          name
          description
        }
      }
      userErrors {
        code
        message
        path
      }
    }
  }
`;
const SET_STATUS = /* GraphQL */ `
  mutation SetVersionStatus($input: SetVersionStatusInput!) {
    setVersionStatus(input: $input) {
      version {
        version
        status
        statusMessage
        isLatest
      }
      userErrors {
        code
        message
        path
      }
    }
  }
`;
const CREATE_NAMESPACE = /* GraphQL */ `
  mutation CreateNamespace($input: CreateNamespaceInput!) {
    createNamespace(input: $input) {
      namespace {
        id
        name
      }
      userErrors {
        code
        message
        path
      }
    }
  }
`;
const CREATE_KEY = /* GraphQL */ `
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      apiKey {
        id
        prefix
        name
        scopes
        namespaces
        expiresAt
      }
      secret
      userErrors {
        code
        message
        path
      }
    }
  }
`;
const REVOKE_KEY = /* GraphQL */ `
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      apiKey {
        id
        revokedAt
      }
      userErrors {
        code
        message
        path
      }
    }
  }
`;
const RECORD_INSTALL = /* GraphQL */ `
  mutation RecordInstall($input: RecordInstallInput!) {
    recordInstall(input: $input) {
      installCount
      userErrors {
        code
        message
        path
      }
    }
  }
`;
const SERVER_DETAIL = /* GraphQL */ `
  query ServerDetail($name: String!) {
    server(name: $name) {
      id
      name
      title
      description
      status
      installCount
      namespace {
        name
      }
      latestVersion {
        id
        version
        status
        isLatest
        publishedAt
        manifestDigest
        manifest
        packages {
          registryType
          identifier
          version
          runtimeHint
          transport {
            type
            url
          }
        }
        remotes {
          type
          url
        }
        tools {
          name
          title
          description
          inputSchema
          annotations {
            readOnlyHint
            destructiveHint
            idempotentHint
            openWorldHint
          }
        }
      }
      versions(first: 50) {
        edges {
          node {
            version
            status
            isLatest
            publishedAt
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;
const SERVER_VERSION = /* GraphQL */ `
  query ServerVersion($name: String!, $version: String!) {
    serverVersion(name: $name, version: $version) {
      version
      status
      statusMessage
      isLatest
      manifest
      tools {
        name
        inputSchema
      }
    }
  }
`;
const LIST_SERVERS = /* GraphQL */ `
  query ListServers($first: Int, $after: String, $filter: ServerFilter) {
    servers(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        cursor
        node {
          name
          description
          status
          latestVersion {
            version
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

type Json = Record<string, any>;

describe.each(testDialects())('registry subgraph on %s', (dialect) => {
  let db: TestDb;
  let server: SubgraphServer;
  let admin: KeyPrincipal;
  const gatewayTokenSecret = 's'.repeat(40);

  beforeAll(async () => {
    db = await openTestDb(dialect);
    admin = await adminPrincipal(db);
    server = await buildRegistryServer({ orm: db.orm, logger: silentLogger, gatewayTokenSecret });
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  /** Runs an operation the way a request would: its own context (em fork, loaders, principal). */
  async function run(query: string, variables: Json = {}, principal: Principal = { kind: 'anonymous' }) {
    const response = await server.apollo.executeOperation(
      { query, variables },
      { contextValue: createRegistryContext({ orm: db.orm, principal, logger: silentLogger }) },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult as {
      data?: Json | null;
      errors?: { message: string; extensions?: Json }[];
    };
  }
  const codes = (result: { errors?: { extensions?: Json }[] }) =>
    result.errors?.map((error) => error.extensions?.code);

  async function publish(m: Json, principal: Principal = admin) {
    const result = await run(PUBLISH, { input: { manifest: m } }, principal);
    expect(result.errors).toBeUndefined();
    return result.data!.publishServer as Json;
  }

  it('publishes, then serves ServerDetail, ServerVersion and ListServers', async () => {
    const ns = `io.github.${unique('gql')}`;
    const name = `${ns}/weather`;
    const m = manifest(name, '1.0.0', {
      title: 'Weather',
      remotes: [`https://${unique('w')}.example.com/mcp`],
      tools: [{ name: 'forecast', description: 'Forecast', annotations: { readOnlyHint: true } }],
    });
    const published = await publish(m);
    expect(published.userErrors).toEqual([]);
    expect(published.version).toMatchObject({
      version: '1.0.0',
      isLatest: true,
      status: 'ACTIVE',
      server: { name, namespace: { name: ns } },
      tools: [{ name: 'forecast', description: 'Forecast' }],
    });
    expect(published.version.manifestDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof published.version.publishedAt).toBe('string');
    await publish(manifest(name, '1.1.0', { title: 'Weather 2' }));

    const detail = (await run(SERVER_DETAIL, { name })).data!.server as Json;
    expect(detail).toMatchObject({
      name,
      title: 'Weather 2',
      status: 'ACTIVE',
      installCount: 0,
      namespace: { name: ns },
      latestVersion: {
        version: '1.1.0',
        isLatest: true,
        packages: [
          {
            registryType: 'npm',
            identifier: '@example/server',
            version: '1.0.0',
            runtimeHint: null,
            transport: { type: 'stdio', url: null },
          },
        ],
        remotes: [],
        tools: [],
      },
    });
    expect(detail.latestVersion.manifest.name).toBe(name);
    expect(detail.versions.edges.map((edge: Json) => edge.node.version)).toEqual(['1.1.0', '1.0.0']);
    expect(detail.versions.pageInfo.hasNextPage).toBe(false);

    const version = (await run(SERVER_VERSION, { name, version: '1.0.0' })).data!.serverVersion as Json;
    expect(version).toMatchObject({ version: '1.0.0', isLatest: false, statusMessage: null });
    expect(version.tools).toEqual([{ name: 'forecast', inputSchema: { type: 'object', properties: {} } }]);
    const latest = (await run(SERVER_VERSION, { name, version: 'latest' })).data!.serverVersion as Json;
    expect(latest.version).toBe('1.1.0');
    expect((await run(SERVER_DETAIL, { name: `${name}-unknown` })).data!.server).toBeNull();
    expect((await run(SERVER_VERSION, { name, version: '9.0.0' })).data!.serverVersion).toBeNull();
  });

  it('lists servers by name with opaque cursors, filters and deleted servers left out', async () => {
    const ns = `com.${unique('list')}`;
    const names = ['alpha', 'bravo', 'charlie', 'delta_x'].map((n) => `${ns}/${n}`);
    for (const name of names) await publish(manifest(name, '1.0.0'));
    await run(SET_STATUS, { input: { name: names[1], version: '1.0.0', status: 'DELETED' } }, admin);

    const page1 = (await run(LIST_SERVERS, { first: 2, filter: { namespace: ns } })).data!.servers as Json;
    expect(page1.totalCount).toBe(3);
    expect(page1.edges.map((edge: Json) => edge.node.name)).toEqual([names[0], names[2]]);
    expect(page1.edges[0].node.latestVersion).toEqual({ version: '1.0.0' });
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (
      await run(LIST_SERVERS, { first: 2, after: page1.pageInfo.endCursor, filter: { namespace: ns } })
    ).data!.servers as Json;
    expect(page2.edges.map((edge: Json) => edge.node.name)).toEqual([names[3]]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const deleted = (await run(LIST_SERVERS, { filter: { namespace: ns, status: 'DELETED' } })).data!
      .servers as Json;
    expect(deleted.edges.map((edge: Json) => edge.node)).toEqual([
      { name: names[1], description: `The ${names[1]} server`, status: 'DELETED', latestVersion: null },
    ]);
    const deletedDetail = (await run(SERVER_DETAIL, { name: names[1] })).data!.server as Json;
    expect(deletedDetail.status).toBe('DELETED');

    const contains = (await run(LIST_SERVERS, { filter: { namespace: ns, nameContains: 'A_X' } })).data!
      .servers as Json;
    expect(contains.edges.map((edge: Json) => edge.node.name)).toEqual([names[3]]);
    const underscore = (await run(LIST_SERVERS, { filter: { namespace: ns, nameContains: 'a_' } })).data!
      .servers as Json;
    expect(underscore.totalCount).toBe(1); // `_` is literal, not a wildcard
    const since = (
      await run(LIST_SERVERS, {
        filter: { namespace: ns, updatedSince: new Date(Date.now() + 60_000).toISOString() },
      })
    ).data!.servers as Json;
    expect(since.totalCount).toBe(0);

    const clamped = (await run(LIST_SERVERS, { first: 1000 })).data!.servers as Json;
    expect(clamped.edges.length).toBeLessThanOrEqual(100);
    const bad = await run(LIST_SERVERS, { after: 'not-a-cursor' });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('enforces who may call what', async () => {
    const handle = unique('perm');
    const publisher = await keyFor(db, admin, {
      handle,
      scopes: [Scope.SERVERS_PUBLISH],
      namespaces: [`io.github.${handle}/*`],
    });
    const reviewer = await keyFor(db, admin, { handle: unique('rev'), scopes: [Scope.TRUST_REVIEW] });
    const unknownNs = `io.github.${unique('nobody')}/srv`;

    expect(codes(await run(PUBLISH, { input: { manifest: manifest(unknownNs) } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(
      codes(await run(PUBLISH, { input: { manifest: manifest(unknownNs) } }, reviewer.principal)),
    ).toEqual(['FORBIDDEN']);
    // Uncovered namespace is FORBIDDEN even though it does not exist, and before validation.
    expect(
      codes(await run(PUBLISH, { input: { manifest: { name: unknownNs } } }, publisher.principal)),
    ).toEqual(['FORBIDDEN']);
    const own = await run(
      PUBLISH,
      { input: { manifest: manifest(`io.github.${handle}/srv`) } },
      publisher.principal,
    );
    expect(own.data!.publishServer.userErrors).toEqual([]);
    expect((await publish(manifest(unknownNs))).userErrors).toEqual([]);

    expect(
      codes(
        await run(
          SET_STATUS,
          { input: { name: unknownNs, version: '1.0.0', status: 'DEPRECATED' } },
          publisher.principal,
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await run(CREATE_NAMESPACE, { input: { name: `com.${handle}`, owner: handle } }, publisher.principal),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await run(CREATE_KEY, { input: { name: 'x', scopes: ['SERVERS_PUBLISH'] } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(codes(await run(`{ viewer { keyId } }`))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await run(`{ apiKeys { totalCount } }`))).toEqual(['UNAUTHENTICATED']);

    const viewer = await run(
      `{ viewer { keyId handle scopes namespaces expiresAt account { handle } } }`,
      {},
      publisher.principal,
    );
    expect(viewer.data!.viewer).toEqual({
      keyId: publisher.id,
      handle,
      scopes: ['SERVERS_PUBLISH'],
      namespaces: [`io.github.${handle}/*`],
      expiresAt: null,
      account: { handle },
    });
    const keys = await run(
      `{ apiKeys(first: 10) { totalCount edges { node { id prefix name } } } }`,
      {},
      publisher.principal,
    );
    expect(keys.data!.apiKeys).toEqual({
      totalCount: 1,
      edges: [{ node: { id: publisher.id, prefix: publisher.secret.slice(0, 12), name: 'test key' } }],
    });
  });

  it('returns validation problems and conflicts as userErrors with paths from the input field', async () => {
    const name = `io.github.${unique('val')}/srv`;
    const invalid = await publish({
      ...manifest(name),
      description: '',
      packages: [{ registryType: 'npm', transport: { type: 'stdio' } }],
    });
    expect(invalid.version).toBeNull();
    const paths = invalid.userErrors.map((error: Json) => error.path.join('.'));
    expect(paths).toContain('manifest.description');
    expect(paths.some((path: string) => path.startsWith('manifest.packages.0'))).toBe(true);
    expect(invalid.userErrors.every((error: Json) => error.code === 'BAD_USER_INPUT')).toBe(true);

    await publish(manifest(name));
    const duplicate = await publish(manifest(name));
    expect(duplicate.userErrors).toEqual([
      expect.objectContaining({ code: 'CONFLICT', path: ['manifest', 'version'] }),
    ]);
  });

  it('serves the namespace, key, status and install mutations of the contract', async () => {
    const handle = unique('mut');
    const ns = `com.${handle}`;
    const createdNs = (await run(CREATE_NAMESPACE, { input: { name: ns, owner: handle } }, admin)).data!
      .createNamespace as Json;
    expect(createdNs.namespace.name).toBe(ns);
    expect(createdNs.userErrors).toEqual([]);
    const again = (await run(CREATE_NAMESPACE, { input: { name: ns, owner: handle } }, admin)).data!
      .createNamespace as Json;
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', path: ['name'] })]);

    const key = (
      await run(
        CREATE_KEY,
        {
          input: {
            account: handle,
            name: 'ci',
            scopes: ['SERVERS_PUBLISH', 'SERVERS_MANAGE'],
            namespaces: [`${ns}/*`],
            expiresInDays: 7,
          },
        },
        admin,
      )
    ).data!.createApiKey as Json;
    expect(key.userErrors).toEqual([]);
    expect(key.secret).toMatch(/^mcpr_/);
    expect(key.apiKey).toMatchObject({
      name: 'ci',
      scopes: ['SERVERS_PUBLISH', 'SERVERS_MANAGE'],
      namespaces: [`${ns}/*`],
    });
    expect(key.apiKey.prefix).toBe(key.secret.slice(0, 12));

    const name = `${ns}/tool`;
    await publish(manifest(name, '1.0.0'));
    const status = (
      await run(
        SET_STATUS,
        { input: { name, version: '1.0.0', status: 'DEPRECATED', message: 'old' } },
        admin,
      )
    ).data!.setVersionStatus as Json;
    expect(status).toEqual({
      version: { version: '1.0.0', status: 'DEPRECATED', statusMessage: 'old', isLatest: true },
      userErrors: [],
    });
    const missing = (await run(SET_STATUS, { input: { name, version: '2.0.0', status: 'DELETED' } }, admin))
      .data!.setVersionStatus as Json;
    expect(missing.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', path: ['version'] })]);

    const install = (await run(RECORD_INSTALL, { input: { name, client: 'vscode' } })).data!
      .recordInstall as Json;
    expect(install).toEqual({ installCount: 1, userErrors: [] });
    const installMissing = (await run(RECORD_INSTALL, { input: { name: `${name}-x` } })).data!
      .recordInstall as Json;
    expect(installMissing).toEqual({
      installCount: null,
      userErrors: [expect.objectContaining({ code: 'NOT_FOUND', path: ['name'] })],
    });

    const revoked = (await run(REVOKE_KEY, { id: key.apiKey.id }, admin)).data!.revokeApiKey as Json;
    expect(revoked.apiKey.id).toBe(key.apiKey.id);
    expect(typeof revoked.apiKey.revokedAt).toBe('string');
    const unknown = (await run(REVOKE_KEY, { id: 'nope' }, admin)).data!.revokeApiKey as Json;
    expect(unknown.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', path: ['id'] })]);
  });

  it('resolves _entities for Server by id and by name and ServerVersion by id', async () => {
    const name = `io.github.${unique('ent')}/srv`;
    const published = await publish(manifest(name, '1.0.0'));
    const serverId = published.version.server.id;
    const versionId = published.version.id;
    const result = await run(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Server { id name status latestVersion { id } }
          ... on ServerVersion { id version server { name } }
        }
      }`,
      {
        representations: [
          { __typename: 'Server', id: serverId },
          { __typename: 'Server', name },
          { __typename: 'ServerVersion', id: versionId },
          { __typename: 'Server', name: `${name}-unknown` },
          { __typename: 'ServerVersion', id: '00000000-0000-7000-8000-000000000000' },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { id: serverId, name, status: 'ACTIVE', latestVersion: { id: versionId } },
      { id: serverId, name, status: 'ACTIVE', latestVersion: { id: versionId } },
      { id: versionId, version: '1.0.0', server: { name } },
      null,
      null,
    ]);
  });

  it('refuses HTTP requests without a gateway token (401 UNAUTHENTICATED) and serves signed ones', async () => {
    const http = await listen(server.app, 0);
    try {
      const body = JSON.stringify({ query: '{ servers(first: 1) { totalCount } }' });
      const refused = await fetch(`${http.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as Json).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const entities = await fetch(`${http.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [GATEWAY_TOKEN_HEADER]: 'v1.forged.token' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      expect(entities.status).toBe(401);

      const signed = await fetch(`${http.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [GATEWAY_TOKEN_HEADER]: signGatewayToken(admin, gatewayTokenSecret),
        },
        body: JSON.stringify({ query: '{ viewer { handle } }' }),
      });
      expect(signed.status).toBe(200);
      expect(await signed.json()).toEqual({ data: { viewer: { handle: 'admin' } } });

      const ready = await fetch(`${http.url}/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as Json).checks).toEqual({ database: true, adminKey: true });
    } finally {
      await http.close();
    }
  });

  it('lists servers with nested fields in a constant number of SQL queries', async () => {
    const connection = db.orm.em.getConnection() as any;
    const original = connection.logQuery.bind(connection);
    let queries = 0;
    connection.logQuery = (...args: unknown[]) => {
      queries += 1;
      return original(...args);
    };
    const query = `query ($ns: String!) {
      servers(first: 100, filter: { namespace: $ns }) {
        totalCount
        edges { node {
          name
          namespace { name }
          latestVersion { version tools { name } server { name } }
          versions(first: 10) { edges { node { version } } }
        } }
      }
    }`;
    const countFor = async (n: number) => {
      const ns = `org.${unique('n')}`;
      for (let i = 0; i < n; i++) {
        await publish(
          manifest(`${ns}/s${String(i).padStart(3, '0')}`, '1.0.0', {
            tools: [{ name: 't', description: 'd' }],
          }),
        );
      }
      queries = 0;
      const result = await run(query, { ns });
      expect(result.errors).toBeUndefined();
      expect(result.data!.servers.edges).toHaveLength(n);
      expect(result.data!.servers.edges[0].node.versions.edges).toHaveLength(1);
      expect(result.data!.servers.edges[0].node.latestVersion.tools).toEqual([{ name: 't' }]);
      return queries;
    };
    try {
      const ten = await countFor(10);
      const fifty = await countFor(50);
      expect(fifty).toBe(ten);
      // namespace lookup, page, count, namespaces, latest versions, tools, servers of versions, versions
      expect(ten).toBeGreaterThan(0);
      expect(ten).toBeLessThanOrEqual(8);
    } finally {
      connection.logQuery = original;
    }
  });
});
