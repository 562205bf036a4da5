import { OutboxEvent, Scope, testDialects, VersionStatus, type KeyPrincipal } from '@mcpr/platform';
import {
  InstallEntity,
  NamespaceEntity,
  RemoteUrlEntity,
  ServerEntity,
  ServerVersionEntity,
  ToolEntity,
} from '../src/data/entities';
import { recordInstall } from '../src/domain/installs';
import { createNamespace } from '../src/domain/namespaces';
import { publishServer } from '../src/domain/publishing';
import { setVersionStatus } from '../src/domain/version-status';
import { adminPrincipal, ctxFor, keyFor, manifest, openTestDb, unique, type TestDb } from './helpers';

describe.each(testDialects())('publishing on %s', (dialect) => {
  let db: TestDb;
  let admin: KeyPrincipal;

  beforeAll(async () => {
    db = await openTestDb(dialect);
    admin = await adminPrincipal(db);
  });
  afterAll(() => db.close());

  const counts = async () => {
    const em = db.em();
    return {
      servers: await em.count(ServerEntity, {}),
      versions: await em.count(ServerVersionEntity, {}),
      tools: await em.count(ToolEntity, {}),
      remotes: await em.count(RemoteUrlEntity, {}),
      namespaces: await em.count(NamespaceEntity, {}),
      outbox: await em.count(OutboxEvent, {}),
    };
  };
  const eventsFor = async (subject: string) =>
    (await db.em().find(OutboxEvent, { subject }, { orderBy: { seq: 'asc' } })).map((row) => row.type);

  it('publishes different servers of a new namespace concurrently: all accepted, one namespace', async () => {
    const ns = `org.${unique('burst')}`;
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => publishServer(ctxFor(db, admin), manifest(`${ns}/s${i}`))),
    );
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : JSON.stringify(outcome.errors)))).toEqual(
      outcomes.map(() => 'ok'),
    );
    expect(await db.em().count(NamespaceEntity, { name: ns })).toBe(1);
  });

  it('publishes one version concurrently: exactly one accepted, the others told it is already published', async () => {
    const name = `org.${unique('dup')}/server`;
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => publishServer(ctxFor(db, admin), manifest(name, '1.0.0'))),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => !o.ok)) {
      expect(outcome.ok ? [] : outcome.errors).toEqual([
        expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/already published/) }),
      ]);
    }
    const server = await db.em().findOneOrFail(ServerEntity, { name });
    expect(await db.em().count(ServerVersionEntity, { serverId: server.id })).toBe(1);
  });

  it('stores server, version, tools, namespace and events in one go', async () => {
    const ns = `io.github.${unique('p')}`;
    const name = `${ns}/weather`;
    const outcome = await publishServer(
      ctxFor(db, admin),
      manifest(name, '1.0.0', {
        title: 'Weather',
        remotes: [`https://${unique('r')}.example.com/mcp`],
        tools: [
          { name: 'forecast', description: 'Forecast for a city', annotations: { readOnlyHint: true } },
          { name: 'alerts', description: 'Weather alerts' },
        ],
      }),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const { server, version } = outcome.value;
    expect(outcome.value.createdNamespace).toBe(true);
    expect(version.isLatest).toBe(true);
    expect(version.manifestDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(server.latestVersionId).toBe(version.id);
    expect(server.title).toBe('Weather');

    const em = db.em();
    const tools = await em.find(ToolEntity, { versionId: version.id }, { orderBy: { position: 'asc' } });
    expect(tools.map((tool) => tool.name)).toEqual(['forecast', 'alerts']);
    expect(tools[0]!.annotations).toEqual({ readOnlyHint: true });
    const namespace = await em.findOneOrFail(NamespaceEntity, { name: ns });
    expect(namespace.ownerId).toBe(admin.accountId);

    expect(await eventsFor(ns)).toEqual(['namespace.created']);
    expect(await eventsFor(name)).toEqual(['server.created', 'version.published']);
    const published = await em.findOneOrFail(OutboxEvent, { subject: name, type: 'version.published' });
    expect(published.source).toBe('registry');
    expect(published.actor).toBe('admin');
    expect(published.data).toMatchObject({
      serverId: server.id,
      name,
      versionId: version.id,
      version: '1.0.0',
      manifestDigest: version.manifestDigest,
    });
    expect((published.data.manifest as { name: string }).name).toBe(name);
  });

  it('an invalid manifest stores nothing, not even an outbox row', async () => {
    const before = await counts();
    const outcome = await publishServer(ctxFor(db, admin), {
      ...manifest(`io.github.${unique('bad')}/x`),
      description: '',
      packages: [{ registryType: 'npm' }],
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.length).toBeGreaterThanOrEqual(2);
    for (const error of outcome.errors) {
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.path[0]).toBe('manifest');
    }
    expect(outcome.errors.map((error) => error.path.join('.'))).toContain('manifest.description');
    expect(await counts()).toEqual(before);
  });

  it('a duplicate version is a CONFLICT and stores nothing', async () => {
    const name = `io.github.${unique('dup')}/srv`;
    expect((await publishServer(ctxFor(db, admin), manifest(name, '1.0.0'))).ok).toBe(true);
    const before = await counts();
    const outcome = await publishServer(
      ctxFor(db, admin),
      manifest(name, '1.0.0', { description: 'changed' }),
    );
    expect(outcome).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'CONFLICT', path: ['manifest', 'version'] })],
    });
    expect(await counts()).toEqual(before);
  });

  it('a remote URL used by another server is a CONFLICT; the same server may reuse it', async () => {
    const url = `https://${unique('shared')}.example.com/mcp`;
    const first = `io.github.${unique('a')}/one`;
    expect((await publishServer(ctxFor(db, admin), manifest(first, '1.0.0', { remotes: [url] }))).ok).toBe(
      true,
    );
    expect((await publishServer(ctxFor(db, admin), manifest(first, '1.1.0', { remotes: [url] }))).ok).toBe(
      true,
    );

    const before = await counts();
    const other = `io.github.${unique('b')}/two`;
    const outcome = await publishServer(
      ctxFor(db, admin),
      manifest(other, '1.0.0', { remotes: [`https://${unique('free')}.example.com/mcp`, url] }),
    );
    expect(outcome).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'CONFLICT', path: ['manifest', 'remotes', '1', 'url'] })],
    });
    expect(await counts()).toEqual(before);
  });

  it('a publish that loses a race stores nothing: events always match the stored rows', async () => {
    const ns = `io.github.${unique('race')}`;
    const name = `${ns}/srv`;
    const outcomes = await Promise.all(
      ['1.0.0', '2.0.0', '3.0.0'].map((version) => publishServer(ctxFor(db, admin), manifest(name, version))),
    );
    for (const outcome of outcomes) {
      if (!outcome.ok) expect(outcome.errors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    }
    const stored = outcomes.filter((outcome) => outcome.ok).length;
    expect(stored).toBeGreaterThanOrEqual(1);
    const em = db.em();
    const server = await em.findOneOrFail(ServerEntity, { name });
    expect(await em.count(ServerVersionEntity, { serverId: server.id })).toBe(stored);
    expect(await eventsFor(ns)).toEqual(['namespace.created']);
    const types = await eventsFor(name);
    expect(types.filter((type) => type === 'server.created')).toHaveLength(1);
    expect(types.filter((type) => type === 'version.published')).toHaveLength(stored);
    expect(await em.count(ServerVersionEntity, { serverId: server.id, isLatest: true })).toBe(1);

    // Concurrent versions of an existing server: the server row lock keeps exactly one latest.
    const more = await Promise.all(
      ['4.0.0', '6.0.0', '5.0.0'].map((version) => publishServer(ctxFor(db, admin), manifest(name, version))),
    );
    expect(more.every((outcome) => outcome.ok)).toBe(true);
    const latest = await db.em().find(ServerVersionEntity, { serverId: server.id, isLatest: true });
    expect(latest.map((row) => row.version)).toEqual(['6.0.0']);
    expect((await db.em().findOneOrFail(ServerEntity, { name })).latestVersionId).toBe(latest[0]!.id);
  });

  it('checks authorization before validation, also for a namespace that does not exist', async () => {
    const handle = unique('pub');
    const { principal } = await keyFor(db, admin, {
      handle,
      scopes: [Scope.SERVERS_PUBLISH],
      namespaces: [`io.github.${handle}/*`],
    });
    const foreign = `io.github.${unique('nobody')}/srv`;
    await expect(publishServer(ctxFor(db, principal), { name: foreign })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(publishServer(ctxFor(db, { kind: 'anonymous' }), manifest(foreign))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const { principal: manager } = await keyFor(db, admin, {
      handle: unique('mgr'),
      scopes: [Scope.SERVERS_MANAGE],
      namespaces: ['*'],
    });
    await expect(publishServer(ctxFor(db, manager), manifest(foreign))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    // Covered: the namespace is created, owned by the publisher's account.
    const own = `io.github.${handle}/srv`;
    const outcome = await publishServer(ctxFor(db, principal), manifest(own));
    expect(outcome.ok).toBe(true);
    const namespace = await db.em().findOneOrFail(NamespaceEntity, { name: `io.github.${handle}` });
    expect(namespace.ownerId).toBe(principal.accountId);
  });

  it('a key covering only one name of a missing namespace cannot create the namespace', async () => {
    const handle = unique('narrow');
    const ns = `io.github.${handle}`;
    const { principal } = await keyFor(db, admin, {
      handle,
      scopes: [Scope.SERVERS_PUBLISH],
      namespaces: [`${ns}/weather`],
    });
    const before = await counts();
    await expect(publishServer(ctxFor(db, principal), manifest(`${ns}/weather`))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await counts()).toEqual(before);
    // Once the namespace exists (created by an admin, for anyone), coverage of the name is enough.
    expect((await createNamespace(ctxFor(db, admin), { name: ns, owner: unique('org') })).ok).toBe(true);
    expect((await publishServer(ctxFor(db, principal), manifest(`${ns}/weather`))).ok).toBe(true);
  });

  it('status changes recompute isLatest and the server status, with events', async () => {
    const name = `io.github.${unique('st')}/srv`;
    const ctx = () => ctxFor(db, admin);
    for (const version of ['1.0.0', '2.0.0', 'nightly']) {
      expect((await publishServer(ctx(), manifest(name, version))).ok).toBe(true);
    }
    const latestVersion = async () => {
      const em = db.em();
      const server = await em.findOneOrFail(ServerEntity, { name });
      const latest = await em.find(ServerVersionEntity, { serverId: server.id, isLatest: true });
      return { server, latest: latest.map((row) => row.version) };
    };
    expect((await latestVersion()).latest).toEqual(['2.0.0']);

    const deprecated = await setVersionStatus(ctx(), {
      name,
      version: '2.0.0',
      status: VersionStatus.DEPRECATED,
      message: 'use 3',
    });
    expect(deprecated.ok).toBe(true);
    let state = await latestVersion();
    expect(state.latest).toEqual(['2.0.0']);
    expect(state.server.status).toBe(VersionStatus.DEPRECATED);

    await setVersionStatus(ctx(), { name, version: '2.0.0', status: VersionStatus.DELETED });
    state = await latestVersion();
    expect(state.latest).toEqual(['1.0.0']);
    expect(state.server.status).toBe(VersionStatus.ACTIVE);

    await setVersionStatus(ctx(), { name, version: '1.0.0', status: VersionStatus.DELETED });
    expect((await latestVersion()).latest).toEqual(['nightly']);
    await setVersionStatus(ctx(), { name, version: 'latest', status: VersionStatus.DELETED });
    state = await latestVersion();
    expect(state.latest).toEqual([]);
    expect(state.server.status).toBe(VersionStatus.DELETED);
    expect(state.server.latestVersionId).toBeNull();

    // Un-deleting is ADMIN only.
    const { principal: manager } = await keyFor(db, admin, {
      handle: unique('mgr'),
      scopes: [Scope.SERVERS_MANAGE],
      namespaces: ['*'],
    });
    await expect(
      setVersionStatus(ctxFor(db, manager), { name, version: '1.0.0', status: VersionStatus.ACTIVE }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await setVersionStatus(ctx(), { name, version: '1.0.0', status: VersionStatus.ACTIVE })).ok).toBe(
      true,
    );
    state = await latestVersion();
    expect(state.latest).toEqual(['1.0.0']);
    expect(state.server.status).toBe(VersionStatus.ACTIVE);

    const changes = await db
      .em()
      .find(OutboxEvent, { subject: name, type: 'version.status_changed' }, { orderBy: { seq: 'asc' } });
    expect(changes).toHaveLength(5);
    expect(changes[0]!.data).toMatchObject({
      version: '2.0.0',
      status: 'DEPRECATED',
      previousStatus: 'ACTIVE',
      message: 'use 3',
    });

    expect(
      await setVersionStatus(ctx(), { name: `${name}x`, version: '1.0.0', status: VersionStatus.DELETED }),
    ).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'NOT_FOUND', path: ['name'] })],
    });
    expect(await setVersionStatus(ctx(), { name, version: '9.9.9', status: VersionStatus.DELETED })).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'NOT_FOUND', path: ['version'] })],
    });
  });

  it('counts installs atomically and records each one', async () => {
    const name = `io.github.${unique('inst')}/srv`;
    expect((await publishServer(ctxFor(db, admin), manifest(name, '1.0.0'))).ok).toBe(true);
    const anonymous = { kind: 'anonymous' as const };
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => recordInstall(ctxFor(db, anonymous), { name, client: `c${i}` })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    const counts = results.map((result) => (result.ok ? result.value.installCount : 0)).sort((a, b) => a - b);
    expect(counts.at(-1)).toBe(8);
    const server = await db.em().findOneOrFail(ServerEntity, { name });
    expect(server.installCount).toBe(8);
    expect(await db.em().count(InstallEntity, { serverId: server.id })).toBe(8);
    expect(await db.em().count(OutboxEvent, { subject: name, type: 'install.recorded' })).toBe(8);

    expect(await recordInstall(ctxFor(db, anonymous), { name: `${name}-nope` })).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'NOT_FOUND', path: ['name'] })],
    });
    expect(await recordInstall(ctxFor(db, anonymous), { name, version: '7.0.0' })).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'NOT_FOUND', path: ['version'] })],
    });
  });

  it('creates namespaces (ADMIN only) with conflicts as user errors', async () => {
    const name = `com.${unique('ns')}`;
    const owner = unique('owner');
    const created = await createNamespace(ctxFor(db, admin), { name, owner });
    expect(created.ok).toBe(true);
    expect(await eventsFor(name)).toEqual(['namespace.created']);
    expect(await createNamespace(ctxFor(db, admin), { name, owner })).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'CONFLICT', path: ['name'] })],
    });
    expect(await createNamespace(ctxFor(db, admin), { name: 'nodots', owner })).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'BAD_USER_INPUT', path: ['name'] })],
    });
    const { principal } = await keyFor(db, admin, { handle: owner, scopes: [Scope.SERVERS_PUBLISH] });
    expect(principal.namespacePatterns).toEqual([`${name}/*`]);
    await expect(
      createNamespace(ctxFor(db, principal), { name: `com.${unique('x')}`, owner }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
