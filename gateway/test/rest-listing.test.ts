import fc from 'fast-check';
import { ANONYMOUS } from '@mcpr/platform';
import { listServers, type ListParams } from '../src/rest/listing';
import { decodeListCursor, encodeListCursor } from '../src/rest/cursor';
import { LIST_SERVERS, SERVER_VERSIONS } from '../src/rest/operations';
import type { ExecuteOperation } from '../src/rest/execute';

interface FakeVersion {
  id: string;
  version: string;
  deleted: boolean;
}
interface FakeServer {
  name: string;
  /** Newest first, as the registry returns them. */
  versions: FakeVersion[];
}

const node = (server: FakeServer) => ({
  name: server.name,
  installCount: 0,
  updatedAt: '2025-01-01T00:00:00.000Z',
  trust: null,
});
const versionNode = (version: FakeVersion, latest: boolean) => ({
  // Ids are `${name}#${index}`.

  id: version.id,
  version: version.version,
  status: version.deleted ? 'DELETED' : 'ACTIVE',
  statusMessage: null,
  isLatest: latest,
  publishedAt: '2025-01-01T00:00:00.000Z',
  manifest: { name: version.id.split('#')[0], version: version.version },
  scan: null,
});

/** The registry's `servers` and `server.versions` connections over an in-memory registry (first ≤ 100). */
function fakeRegistry(servers: FakeServer[]): { execute: ExecuteOperation; calls: () => number } {
  const sorted = [...servers].sort((a, b) => (a.name < b.name ? -1 : 1));
  const isDeleted = (server: FakeServer) => server.versions.every((version) => version.deleted);
  const latestOf = (server: FakeServer) => server.versions.find((version) => !version.deleted);
  const page = <T>(items: T[], first: number, start: number) => ({
    items: items.slice(start, start + Math.min(first, 100)),
    hasNextPage: start + Math.min(first, 100) < items.length,
  });
  const versionsPage = (server: FakeServer, first: number, after: string | null) => {
    const start = after ? server.versions.findIndex((version) => version.id === after) + 1 : 0;
    const { items, hasNextPage } = page(server.versions, first, start);
    const latest = latestOf(server);
    return {
      edges: items.map((version) => ({ cursor: version.id, node: versionNode(version, version === latest) })),
      pageInfo: { hasNextPage },
    };
  };
  let calls = 0;
  const execute: ExecuteOperation = async (_context, query, variables) => {
    calls += 1;
    if (query === LIST_SERVERS) {
      const filter = (variables.filter ?? {}) as { status?: string; nameContains?: string };
      const matching = sorted.filter(
        (server) =>
          (filter.status === 'DELETED' ? isDeleted(server) : !isDeleted(server)) &&
          (!filter.nameContains || server.name.includes(filter.nameContains)),
      );
      const after = variables.after as string | null;
      const start = after ? matching.filter((server) => server.name <= after).length : 0;
      const { items, hasNextPage } = page(matching, variables.first as number, start);
      return {
        data: {
          servers: {
            edges: items.map((server) => {
              const latest = latestOf(server);
              return {
                cursor: server.name,
                node: {
                  ...node(server),
                  ...(variables.withVersions
                    ? { versions: versionsPage(server, variables.versionsFirst as number, null) }
                    : { latestVersion: latest ? versionNode(latest, true) : null }),
                },
              };
            }),
            pageInfo: { hasNextPage, endCursor: items.at(-1)?.name ?? null },
          },
        },
        errors: [],
      };
    }
    if (query === SERVER_VERSIONS) {
      const server = sorted.find((candidate) => candidate.name === variables.name);
      if (!server) return { data: { server: null }, errors: [] };
      return {
        data: {
          server: {
            ...node(server),
            versions: versionsPage(
              server,
              variables.first as number,
              (variables.after as string | null) ?? null,
            ),
          },
        },
        errors: [],
      };
    }
    throw new Error(`unexpected operation ${query.slice(0, 40)}`);
  };
  return { execute, calls: () => calls };
}

const context = { principal: ANONYMOUS, requestId: 'test' };

async function pageAll(execute: ExecuteOperation, params: Omit<ListParams, 'cursor'>) {
  const keys: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const result = await listServers(execute, context, {
      ...params,
      cursor: cursor ? decodeListCursor(cursor) : undefined,
    });
    expect(result.servers.length).toBeLessThanOrEqual(params.limit);
    expect(result.metadata.count).toBe(result.servers.length);
    keys.push(
      ...result.servers.map((entry) => `${String(entry.server.name)}@${String(entry.server.version)}`),
    );
    cursor = result.metadata.nextCursor;
    pages += 1;
    if (pages > 1_000) throw new Error('pagination does not end');
  } while (cursor);
  return { keys, pages };
}

const registries = fc
  .uniqueArray(
    fc.record({
      name: fc.stringMatching(/^[a-z]{1,3}\/[a-z]{1,3}$/),
      // Mostly a few versions; sometimes more than one GraphQL page (100) of them.
      versions: fc.oneof(
        { weight: 4, arbitrary: fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }) },
        { weight: 1, arbitrary: fc.array(fc.boolean(), { minLength: 95, maxLength: 230 }) },
      ),
    }),
    { selector: (server) => server.name, maxLength: 12 },
  )
  .map((list) =>
    list.map(
      (server): FakeServer => ({
        name: server.name,
        versions: server.versions.map((deleted, index) => ({
          id: `${server.name}#${index}`,
          version: `${server.versions.length - index}.0.0`,
          deleted,
        })),
      }),
    ),
  );

describe('REST listing over the GraphQL connections', () => {
  it('pages every version exactly once, in order, whatever the page size (servers with > 100 versions too)', async () => {
    await fc.assert(
      fc.asyncProperty(
        registries,
        fc.integer({ min: 1, max: 100 }),
        fc.boolean(),
        async (servers, limit, includeDeleted) => {
          const { execute } = fakeRegistry(servers);
          const live = servers.filter((server) => server.versions.some((version) => !version.deleted));
          const dead = servers.filter((server) => server.versions.every((version) => version.deleted));
          const byName = (a: FakeServer, b: FakeServer) => (a.name < b.name ? -1 : 1);
          const expected = [...live.sort(byName), ...(includeDeleted ? dead.sort(byName) : [])].flatMap(
            (server) =>
              server.versions
                .filter((version) => includeDeleted || !version.deleted)
                .map((version) => `${server.name}@${version.version}`),
          );
          const { keys } = await pageAll(execute, { limit, includeDeleted });
          expect(keys).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('pages servers by their latest version (deleted ones by their newest, on request)', async () => {
    await fc.assert(
      fc.asyncProperty(
        registries,
        fc.integer({ min: 1, max: 100 }),
        fc.boolean(),
        async (servers, limit, includeDeleted) => {
          const { execute } = fakeRegistry(servers);
          const byName = (a: FakeServer, b: FakeServer) => (a.name < b.name ? -1 : 1);
          const live = servers
            .filter((server) => server.versions.some((version) => !version.deleted))
            .sort(byName);
          const dead = servers
            .filter((server) => server.versions.every((version) => version.deleted))
            .sort(byName);
          const expected = [
            ...live.map(
              (server) => `${server.name}@${server.versions.find((version) => !version.deleted)!.version}`,
            ),
            ...(includeDeleted ? dead.map((server) => `${server.name}@${server.versions[0]!.version}`) : []),
          ];
          const { keys, pages } = await pageAll(execute, { limit, includeDeleted, version: 'latest' });
          expect(keys).toEqual(expected);
          // Without deleted servers, no trailing empty page.
          if (!includeDeleted) expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('continues a server with 250 versions across pages and GraphQL fetches', async () => {
    const many: FakeServer = {
      name: 'm/m',
      versions: Array.from({ length: 250 }, (_, i) => ({
        id: `m/m#${i}`,
        version: `${250 - i}.0.0`,
        deleted: i % 7 === 3,
      })),
    };
    const { keys, pages } = await pageAll(
      fakeRegistry([
        many,
        {
          ...many,
          name: 'n/n',
          versions: many.versions.map((v) => ({ ...v, id: v.id.replace('m/m', 'n/n') })),
        },
      ]).execute,
      {
        limit: 100,
        includeDeleted: false,
      },
    );
    const perServer = many.versions.filter((version) => !version.deleted).length;
    expect(keys).toHaveLength(2 * perServer);
    expect(new Set(keys).size).toBe(keys.length);
    expect(pages).toBe(Math.ceil((2 * perServer) / 100));
  });

  it('finds an exact version across servers', async () => {
    const servers: FakeServer[] = ['a/a', 'b/b', 'c/c'].map((name, s) => ({
      name,
      versions: Array.from({ length: 5 + s }, (_, i) => ({
        id: `${name}#${i}`,
        version: `${5 + s - i}.0.0`,
        deleted: false,
      })),
    }));
    const { keys } = await pageAll(fakeRegistry(servers).execute, {
      limit: 1,
      includeDeleted: false,
      version: '6.0.0',
    });
    expect(keys).toEqual(['b/b@6.0.0', 'c/c@6.0.0']);
  });

  it('round-trips cursors and refuses foreign ones', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0 as const, 1 as const),
        fc.option(fc.string(), { nil: null }),
        fc.option(fc.tuple(fc.string(), fc.string()), { nil: undefined }),
        (p, a, partial) => {
          const cursor = { p, a, ...(partial ? { n: partial[0], v: partial[1] } : {}) };
          expect(decodeListCursor(encodeListCursor(cursor))).toEqual(cursor);
        },
      ),
    );
    for (const text of [
      '',
      'abc',
      encodeListCursor({ p: 0, a: null }).slice(1),
      Buffer.from('{"p":2,"a":null}').toString('base64url'),
    ]) {
      expect(decodeListCursor(text)).toBeUndefined();
    }
  });
});
