import { countStatements, testDialects, type KeyPrincipal } from '@mcpr/platform';
import { createRegistryLoaders } from '../src/data/loaders';
import { createRegistryReadCache, readThrough } from '../src/data/read-cache';
import { publishServer } from '../src/domain/publishing';
import { LruCache } from '@mcpr/platform';
import { adminPrincipal, ctxFor, manifest, openTestDb, unique, type TestDb } from './helpers';

describe('readThrough', () => {
  it('loads only the keys the cache misses, in one batch, and keeps key order', async () => {
    const cache = new LruCache<string, number>(10);
    cache.set('b', 2);
    const batches: string[][] = [];
    const values = await readThrough(cache, ['a', 'b', 'c'], async (missing) => {
      batches.push(missing);
      return new Map([['a', 1]]);
    });
    expect(values).toEqual([1, 2, undefined]);
    expect(batches).toEqual([['a', 'c']]);
    // 'c' was not found: it is not remembered as missing, so a later commit of it is seen.
    await readThrough(cache, ['a', 'c'], async (missing) => {
      batches.push(missing);
      return new Map([['c', 3]]);
    });
    expect(batches.at(-1)).toEqual(['c']);
  });
});

describe.each(testDialects())('registry read cache on %s', (dialect) => {
  let db: TestDb;
  let admin: KeyPrincipal;

  beforeAll(async () => {
    db = await openTestDb(dialect);
    admin = await adminPrincipal(db);
  });
  afterAll(async () => {
    await db.close();
  });

  const countQueries = (work: () => Promise<void>) => countStatements(db.orm, work);

  it('serves tools and namespaces of committed versions from the cache on later requests', async () => {
    const name = `org.${unique('c')}/server`;
    const published = await publishServer(
      ctxFor(db, admin),
      manifest(name, '1.0.0', {
        tools: [
          { name: 'first', description: 'one' },
          { name: 'second', description: 'two' },
        ],
      }),
    );
    if (!published.ok) throw new Error(JSON.stringify(published.errors));
    const { version } = published.value;
    const cache = createRegistryReadCache();
    const read = async () => {
      const loaders = createRegistryLoaders(db.em(), cache);
      const server = await loaders.serverById.load(version.serverId);
      const [tools, namespace] = await Promise.all([
        loaders.toolsByVersionId.load(version.id),
        loaders.namespaceById.load(server!.namespaceId),
      ]);
      return { tools: tools.map((tool) => tool.name), namespace: namespace?.name };
    };

    let first: Awaited<ReturnType<typeof read>> | undefined;
    const cold = await countQueries(async () => {
      first = await read();
    });
    let second: Awaited<ReturnType<typeof read>> | undefined;
    const warm = await countQueries(async () => {
      second = await read();
    });
    expect(first).toEqual({ tools: ['first', 'second'], namespace: name.split('/')[0] });
    expect(second).toEqual(first);
    // Cold: server, tools, namespace. Warm: only the (mutable) server row.
    expect(cold).toBe(3);
    expect(warm).toBe(1);
  });

  it('caches nothing for a request without a shared cache', async () => {
    const name = `org.${unique('n')}/server`;
    const published = await publishServer(ctxFor(db, admin), manifest(name));
    if (!published.ok) throw new Error(JSON.stringify(published.errors));
    const versionId = published.value.version.id;
    const queries = await countQueries(async () => {
      await createRegistryLoaders(db.em()).toolsByVersionId.load(versionId);
      await createRegistryLoaders(db.em()).toolsByVersionId.load(versionId);
    });
    expect(queries).toBe(2);
  });
});
