import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EnvError,
  INTERNAL_TOKEN_HEADER,
  internalServiceToken,
  listen,
  OutboxEvent,
  Scope,
  testDialects,
  type KeyPrincipal,
} from '@mcpr/platform';
import { ApiKeyEntity, NamespaceEntity } from '../src/data/entities';
import { generateApiKey } from '@mcpr/platform';
import { createApiKey, listOwnKeys, revokeApiKey, rotateApiKey, verifyApiKey } from '../src/domain/api-keys';
import { adminKeyExists, ensureBootstrapAdmin } from '../src/domain/bootstrap';
import { createNamespace } from '../src/domain/namespaces';
import { VERIFY_KEY_PATH } from '../src/internal/verify-key.route';
import { buildRegistryServer } from '../src/server';
import { adminPrincipal, ctxFor, keyFor, openTestDb, silentLogger, unique, type TestDb } from './helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(testDialects())('API keys on %s', (dialect) => {
  let db: TestDb;
  let admin: KeyPrincipal;

  beforeAll(async () => {
    db = await openTestDb(dialect);
    admin = await adminPrincipal(db);
  });
  afterAll(() => db.close());

  it('creates keys for a new account concurrently: one account, every key issued', async () => {
    const handle = unique('race');
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        createApiKey(ctxFor(db, admin), { account: handle, name: `k${i}`, scopes: [Scope.SERVERS_PUBLISH] }),
      ),
    );
    const issued = results.map((result) => {
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.value.key;
    });
    expect(new Set(issued.map((key) => key.accountId)).size).toBe(1);
  });

  it('gives an ADMIN key the pattern * instead of listing every namespace its account owns', async () => {
    const handle = unique('ops');
    const created = await createApiKey(ctxFor(db, admin), {
      account: handle,
      name: 'ops',
      scopes: [Scope.ADMIN],
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const owner = created.value.key.accountId;
    const em = db.em();
    // Enough namespaces that listing them would overflow a 16 KB header once signed.
    for (let i = 0; i < 600; i++) {
      em.persist(Object.assign(new NamespaceEntity(), { name: `io.github.${handle}-${i}`, ownerId: owner }));
    }
    await em.flush();
    const verified = await verifyApiKey(db.em(), created.value.secret, new Date());
    if (!verified.ok) throw new Error(verified.reason);
    expect(verified.principal.namespacePatterns).toEqual(['*']);
  });

  it('creates a key whose secret verifies to the principal, and emits apikey.created', async () => {
    const handle = unique('acme');
    const created = await createApiKey(ctxFor(db, admin), {
      account: handle,
      name: 'ci',
      scopes: [Scope.SERVERS_PUBLISH],
      namespaces: [`io.github.${handle}`],
      expiresInDays: 30,
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const { key, secret } = created.value;
    expect(secret).toMatch(/^mcpr_/);
    expect(key.prefix).toBe(secret.slice(0, 12));
    expect(key.namespaces).toEqual([`io.github.${handle}/*`]);
    const stored = await db.em().findOneOrFail(ApiKeyEntity, { id: key.id });
    expect(JSON.stringify(stored)).not.toContain(secret);

    const verified = await verifyApiKey(db.em(), secret, new Date());
    expect(verified).toEqual({
      ok: true,
      principal: {
        kind: 'key',
        keyId: key.id,
        accountId: key.accountId,
        handle,
        scopes: [Scope.SERVERS_PUBLISH],
        namespacePatterns: [`io.github.${handle}/*`],
        expiresAt: key.expiresAt!.toISOString(),
      },
    });
    const event = await db.em().findOneOrFail(OutboxEvent, { subject: key.id });
    expect(event.type).toBe('apikey.created');
    expect(JSON.stringify(event.data)).not.toContain(secret);
  });

  it('refuses malformed, unknown, expired and revoked keys with the reason', async () => {
    const now = new Date();
    expect(await verifyApiKey(db.em(), 'mcpr_nope', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyApiKey(db.em(), generateApiKey(), now)).toEqual({ ok: false, reason: 'unknown' });
    const { secret, id } = await keyFor(db, admin, {
      handle: unique('exp'),
      scopes: [Scope.AUDIT_READ],
      expiresInDays: 1,
    });
    expect((await verifyApiKey(db.em(), secret, new Date(now.getTime() + 2 * DAY))).ok).toBe(false);
    expect(await verifyApiKey(db.em(), secret, new Date(now.getTime() + 2 * DAY))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect((await revokeApiKey(ctxFor(db, admin), id)).ok).toBe(true);
    expect(await verifyApiKey(db.em(), secret, now)).toEqual({ ok: false, reason: 'revoked' });
    expect(await db.em().count(OutboxEvent, { subject: id, type: 'apikey.revoked' })).toBe(1);
    // Revoking twice is harmless and emits nothing more.
    expect((await revokeApiKey(ctxFor(db, admin), id)).ok).toBe(true);
    expect(await db.em().count(OutboxEvent, { subject: id, type: 'apikey.revoked' })).toBe(1);
  });

  it('touches lastUsedAt at most once a minute', async () => {
    const { secret, id } = await keyFor(db, admin, { handle: unique('lu'), scopes: [Scope.AUDIT_READ] });
    const t0 = new Date(Date.now() + 120_000); // past the touch made when the helper verified the key
    await verifyApiKey(db.em(), secret, t0);
    const first = (await db.em().findOneOrFail(ApiKeyEntity, { id })).lastUsedAt;
    expect(first?.getTime()).toBe(t0.getTime());
    await verifyApiKey(db.em(), secret, new Date(t0.getTime() + 30_000));
    expect((await db.em().findOneOrFail(ApiKeyEntity, { id })).lastUsedAt?.getTime()).toBe(t0.getTime());
    await verifyApiKey(db.em(), secret, new Date(t0.getTime() + 61_000));
    expect((await db.em().findOneOrFail(ApiKeyEntity, { id })).lastUsedAt?.getTime()).toBe(
      t0.getTime() + 61_000,
    );
  });

  it('keys without patterns follow the namespaces the account owns', async () => {
    const handle = unique('own');
    const { secret } = await keyFor(db, admin, { handle, scopes: [Scope.SERVERS_PUBLISH] });
    const verified = await verifyApiKey(db.em(), secret, new Date());
    expect(verified.ok && verified.principal.namespacePatterns).toEqual([]);
    await createNamespace(ctxFor(db, admin), { name: `com.${handle}`, owner: handle });
    const again = await verifyApiKey(db.em(), secret, new Date());
    expect(again.ok && again.principal.namespacePatterns).toEqual([`com.${handle}/*`]);
  });

  it('non-admin keys create keys only for themselves and within their own rights', async () => {
    const handle = unique('self');
    const { principal } = await keyFor(db, admin, {
      handle,
      scopes: [Scope.SERVERS_PUBLISH, Scope.SERVERS_MANAGE],
      namespaces: [`io.github.${handle}/*`],
      expiresInDays: 10,
    });
    const ctx = () => ctxFor(db, principal);
    await expect(
      createApiKey(ctx(), { account: unique('other'), name: 'x', scopes: [Scope.SERVERS_PUBLISH] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createApiKey(ctx(), { name: 'x', scopes: [Scope.ADMIN] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      createApiKey(ctx(), { name: 'x', scopes: [Scope.SERVERS_PUBLISH], namespaces: ['io.github.*'] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const narrower = await createApiKey(ctx(), {
      name: 'narrow',
      scopes: [Scope.SERVERS_PUBLISH],
      namespaces: [`io.github.${handle}/weather`],
      expiresInDays: 365,
    });
    if (!narrower.ok) throw new Error(JSON.stringify(narrower.errors));
    // Capped at the creating key's expiry.
    expect(narrower.value.key.expiresAt?.toISOString()).toBe(principal.expiresAt);

    const inherited = await createApiKey(ctx(), { name: 'inherit', scopes: [Scope.SERVERS_MANAGE] });
    expect(inherited.ok && inherited.value.key.namespaces).toEqual([`io.github.${handle}/*`]);

    const invalid = await createApiKey(ctx(), {
      name: ' ',
      scopes: [Scope.SERVERS_PUBLISH],
      expiresInDays: 0,
    });
    expect(invalid.ok).toBe(false);
    expect(!invalid.ok && invalid.errors.map((error) => error.path.join('.'))).toEqual([
      'name',
      'expiresInDays',
    ]);

    await expect(
      createApiKey(ctxFor(db, { kind: 'anonymous' }), { name: 'x', scopes: [] }),
    ).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });

    const page = await listOwnKeys(ctx(), { first: 2 });
    expect(page.totalCount).toBe(3);
    expect(page.keys).toHaveLength(2);
    expect(page.hasNextPage).toBe(true);
  });

  it('revokes only visible keys; others are NOT_FOUND', async () => {
    const alice = await keyFor(db, admin, { handle: unique('alice'), scopes: [Scope.SERVERS_PUBLISH] });
    const bob = await keyFor(db, admin, { handle: unique('bob'), scopes: [Scope.SERVERS_PUBLISH] });
    expect(await revokeApiKey(ctxFor(db, alice.principal), bob.id)).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'NOT_FOUND', path: ['id'] })],
    });
    expect(await revokeApiKey(ctxFor(db, alice.principal), '00000000-0000-7000-8000-000000000000')).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'NOT_FOUND' })],
    });
    expect((await revokeApiKey(ctxFor(db, alice.principal), alice.id)).ok).toBe(true);
  });

  it('rotation issues a new key and keeps the old one for the grace period only', async () => {
    const handle = unique('rot');
    const old = await keyFor(db, admin, {
      handle,
      scopes: [Scope.SERVERS_PUBLISH],
      namespaces: [`io.github.${handle}/*`],
    });
    const now = new Date();
    const rotated = await rotateApiKey(
      ctxFor(db, old.principal, () => now),
      { id: old.id, gracePeriodHours: 2 },
    );
    if (!rotated.ok) throw new Error(JSON.stringify(rotated.errors));
    expect(rotated.value.key.scopes).toEqual([Scope.SERVERS_PUBLISH]);
    expect(rotated.value.key.namespaces).toEqual([`io.github.${handle}/*`]);
    expect(rotated.value.key.rotatedFromId).toBe(old.id);
    expect(rotated.value.previous.expiresAt?.getTime()).toBe(now.getTime() + 2 * HOUR);

    expect((await verifyApiKey(db.em(), old.secret, new Date(now.getTime() + HOUR))).ok).toBe(true);
    expect(await verifyApiKey(db.em(), old.secret, new Date(now.getTime() + 3 * HOUR))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect((await verifyApiKey(db.em(), rotated.value.secret, new Date(now.getTime() + 3 * HOUR))).ok).toBe(
      true,
    );

    expect(await rotateApiKey(ctxFor(db, old.principal), { id: old.id, gracePeriodHours: 169 })).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'BAD_USER_INPUT', path: ['gracePeriodHours'] })],
    });
    // A narrow key cannot rotate its account's broader key to obtain its secret.
    const broad = await keyFor(db, admin, { handle, scopes: [Scope.SERVERS_PUBLISH, Scope.SERVERS_MANAGE] });
    await expect(rotateApiKey(ctxFor(db, old.principal), { id: broad.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('serves POST /internal/keys/verify to holders of the internal token only', async () => {
    const secretKey = 'x'.repeat(40);
    const server = await buildRegistryServer({
      orm: db.orm,
      logger: silentLogger,
      gatewayTokenSecret: secretKey,
    });
    await server.start();
    const http = await listen(server.app, 0);
    try {
      const post = (body: unknown, token?: string) =>
        fetch(`${http.url}${VERIFY_KEY_PATH}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { [INTERNAL_TOKEN_HEADER]: token } : {}),
          },
          body: JSON.stringify(body),
        });
      const token = internalServiceToken(secretKey);
      const { secret, id } = await keyFor(db, admin, { handle: unique('http'), scopes: [Scope.AUDIT_READ] });

      expect((await post({ key: secret })).status).toBe(401);
      expect((await post({ key: secret }, 'wrong')).status).toBe(401);
      const ok = await post({ key: secret }, token);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({
        ok: true,
        principal: { kind: 'key', keyId: id, scopes: ['AUDIT_READ'] },
      });
      expect(await (await post({ key: 'mcpr_x' }, token)).json()).toEqual({ ok: false, reason: 'malformed' });
      expect(await (await post({}, token)).json()).toEqual({ ok: false, reason: 'malformed' });
      expect(await (await post({ key: generateApiKey() }, token)).json()).toEqual({
        ok: false,
        reason: 'unknown',
      });
      await revokeApiKey(ctxFor(db, admin), id);
      expect(await (await post({ key: secret }, token)).json()).toEqual({ ok: false, reason: 'revoked' });
    } finally {
      await http.close();
      await server.stop();
    }
  });
});

describe.each(testDialects())('bootstrap admin on %s', (dialect) => {
  let db: TestDb;
  let dataDir: string;

  beforeEach(async () => {
    db = await openTestDb(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'mcpr-registry-data-'));
  });
  afterEach(async () => {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates one admin key on first start, writes it with mode 600, and leaves it alone later', async () => {
    expect(await adminKeyExists(db.em(), new Date())).toBe(false);
    const first = await ensureBootstrapAdmin(db.em(), { dataDir, now: new Date() });
    expect(first.created).toBe(true);
    expect(first.file).toBe(join(dataDir, 'bootstrap-admin.key'));
    expect(readFileSync(first.file, 'utf8')).toBe(`${first.key}\n`);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    const verified = await verifyApiKey(db.em(), first.key, new Date());
    expect(verified.ok && verified.principal).toMatchObject({ handle: 'admin', scopes: [Scope.ADMIN] });
    expect(await adminKeyExists(db.em(), new Date())).toBe(true);

    const mtime = statSync(first.file).mtimeMs;
    const second = await ensureBootstrapAdmin(db.em(), { dataDir, now: new Date() });
    expect(second).toEqual({ created: false, file: first.file });
    expect(statSync(first.file).mtimeMs).toBe(mtime);
    expect(readFileSync(first.file, 'utf8')).toBe(`${first.key}\n`);
    expect(await db.em().count(ApiKeyEntity, { isAdmin: true })).toBe(1);
  });

  it('/ready reports adminKey false until an admin key exists', async () => {
    const server = await buildRegistryServer({
      orm: db.orm,
      logger: silentLogger,
      gatewayTokenSecret: 'z'.repeat(40),
    });
    await server.start();
    const http = await listen(server.app, 0);
    try {
      const before = await fetch(`${http.url}/ready`);
      expect(before.status).toBe(503);
      expect(await before.json()).toMatchObject({ checks: { database: true, adminKey: false } });
      await ensureBootstrapAdmin(db.em(), { dataDir, now: new Date() });
      const after = await fetch(`${http.url}/ready`);
      expect(after.status).toBe(200);
    } finally {
      await http.close();
      await server.stop();
    }
  });

  it('uses MCPR_BOOTSTRAP_ADMIN_KEY when given (only its hash is stored) and refuses a malformed one', async () => {
    const valid = generateApiKey();
    const typo = `${valid.slice(0, 5)}${valid[5] === 'a' ? 'b' : 'a'}${valid.slice(6)}`;
    for (const configuredKey of ['mcpr_short', typo]) {
      await expect(
        ensureBootstrapAdmin(db.em(), { dataDir, configuredKey, now: new Date() }),
      ).rejects.toBeInstanceOf(EnvError);
    }
    expect(existsSync(join(dataDir, 'bootstrap-admin.key'))).toBe(false);

    const configured = generateApiKey();
    const result = await ensureBootstrapAdmin(db.em(), {
      dataDir,
      configuredKey: configured,
      now: new Date(),
    });
    expect(result).toMatchObject({ created: true, key: configured });
    expect((await verifyApiKey(db.em(), configured, new Date())).ok).toBe(true);
    const rows = await db.em().find(ApiKeyEntity, { isAdmin: true });
    expect(JSON.stringify(rows)).not.toContain(configured);
    expect(await db.em().count(NamespaceEntity, {})).toBe(0);
  });
});
