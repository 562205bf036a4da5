import { OutboxEvent, Scope, testDialects, VersionStatus, type KeyPrincipal } from '@mcpr/platform';
import { ServerEntity, ServerVersionEntity } from '../src/data/entities';
import { publishServer } from '../src/domain/publishing';
import { setServerStatus } from '../src/domain/server-status';
import { adminPrincipal, ctxFor, keyFor, manifest, openTestDb, unique, type TestDb } from './helpers';

describe.each(testDialects())('setServerStatus on %s', (dialect) => {
  let db: TestDb;
  let admin: KeyPrincipal;
  let manager: KeyPrincipal;

  beforeAll(async () => {
    db = await openTestDb(dialect);
    admin = await adminPrincipal(db);
    manager = (
      await keyFor(db, admin, {
        handle: 'manager',
        scopes: [Scope.SERVERS_PUBLISH, Scope.SERVERS_MANAGE],
        namespaces: ['io.github.manager/*'],
      })
    ).principal;
  });
  afterAll(() => db.close());

  const seed = async (versions: string[]) => {
    const name = `io.github.manager/${unique('s')}`;
    for (const version of versions) {
      const outcome = await publishServer(ctxFor(db, manager), manifest(name, version));
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    }
    return name;
  };
  const statuses = async (name: string) => {
    const em = db.em();
    const server = await em.findOneOrFail(ServerEntity, { name });
    const versions = await em.find(
      ServerVersionEntity,
      { serverId: server.id },
      { orderBy: { version: 'asc' } },
    );
    return {
      server: server.status,
      versions: versions.map((version) => [
        version.version,
        version.status,
        version.statusMessage,
        version.isLatest,
      ]),
    };
  };

  it('changes every version in one transaction, with one event per changed version', async () => {
    const name = await seed(['1.0.0', '1.1.0', '2.0.0']);
    const outcome = await setServerStatus(ctxFor(db, manager), {
      name,
      status: VersionStatus.DEPRECATED,
      message: '  Unmaintained  ',
    });
    expect(outcome.ok && outcome.value.updated.map((version) => version.version)).toEqual([
      '2.0.0',
      '1.1.0',
      '1.0.0',
    ]);
    expect(await statuses(name)).toEqual({
      server: VersionStatus.DEPRECATED,
      versions: [
        ['1.0.0', VersionStatus.DEPRECATED, 'Unmaintained', false],
        ['1.1.0', VersionStatus.DEPRECATED, 'Unmaintained', false],
        ['2.0.0', VersionStatus.DEPRECATED, 'Unmaintained', true],
      ],
    });
    const events = await db.em().find(OutboxEvent, { subject: name, type: 'version.status_changed' });
    expect(events).toHaveLength(3);

    const again = await setServerStatus(ctxFor(db, manager), {
      name,
      status: VersionStatus.DEPRECATED,
      message: 'Unmaintained',
    });
    expect(again.ok && again.value.updated).toEqual([]);
  });

  it('deletes a server (no latest left) and only an ADMIN may restore it', async () => {
    const name = await seed(['1.0.0', '2.0.0']);
    await setServerStatus(ctxFor(db, manager), { name, status: VersionStatus.DELETED });
    expect((await statuses(name)).server).toBe(VersionStatus.DELETED);
    expect((await statuses(name)).versions.map((version) => version[3])).toEqual([false, false]);
    await expect(
      setServerStatus(ctxFor(db, manager), { name, status: VersionStatus.ACTIVE }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await statuses(name)).server).toBe(VersionStatus.DELETED);
    const restored = await setServerStatus(ctxFor(db, admin), { name, status: VersionStatus.ACTIVE });
    expect(restored.ok).toBe(true);
    expect(await statuses(name)).toEqual({
      server: VersionStatus.ACTIVE,
      versions: [
        ['1.0.0', VersionStatus.ACTIVE, null, false],
        ['2.0.0', VersionStatus.ACTIVE, null, true],
      ],
    });
  });

  it('checks scope and coverage first, then input, then existence', async () => {
    await expect(
      setServerStatus(ctxFor(db, { kind: 'anonymous' }), {
        name: 'io.github.manager/x',
        status: VersionStatus.DELETED,
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(
      setServerStatus(ctxFor(db, manager), { name: 'io.github.other/x', status: VersionStatus.DELETED }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const tooLong = await setServerStatus(ctxFor(db, manager), {
      name: 'io.github.manager/x',
      status: VersionStatus.DEPRECATED,
      message: 'x'.repeat(1001),
    });
    expect(tooLong).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'BAD_USER_INPUT', path: ['message'] })],
    });
    const missing = await setServerStatus(ctxFor(db, manager), {
      name: 'io.github.manager/none',
      status: VersionStatus.DELETED,
    });
    expect(missing).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'NOT_FOUND', path: ['name'] })],
    });
  });
});
