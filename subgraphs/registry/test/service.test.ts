import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvError } from '@mcpr/platform';
import { generateApiKey } from '@mcpr/platform';
import { verifyApiKey } from '../src/domain/api-keys';
import { loadRegistryEnv } from '../src/env';
import { startRegistry } from '../src/service';
import type { EntityManager } from '@mikro-orm/knex';

describe('registry service (embedded SQLite)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mcpr-registry-svc-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const config = (extra: Record<string, string> = {}) =>
    loadRegistryEnv({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      GATEWAY_TOKEN_SECRET: 'g'.repeat(40),
      ...extra,
    });

  it('reads its environment with defaults and refuses a malformed bootstrap key', () => {
    const parsed = loadRegistryEnv({});
    expect(parsed.REGISTRY_PORT).toBe(4001);
    expect(parsed.DATA_DIR).toBe('.data');
    expect(parsed.MCPR_BOOTSTRAP_ADMIN_KEY).toBeUndefined();
    expect(() => loadRegistryEnv({ MCPR_BOOTSTRAP_ADMIN_KEY: 'mcpr_wrong', REGISTRY_PORT: 'x' })).toThrow(
      EnvError,
    );
    try {
      loadRegistryEnv({ MCPR_BOOTSTRAP_ADMIN_KEY: 'mcpr_wrong', REGISTRY_PORT: 'x' });
    } catch (error) {
      expect((error as EnvError).problems).toHaveLength(2);
    }
  });

  it('migrates, bootstraps the admin key once, serves /ready and closes cleanly', async () => {
    const first = await startRegistry(config(), { host: '127.0.0.1', port: 0 });
    let key: string | undefined;
    try {
      expect(first.bootstrap.created).toBe(true);
      key = first.bootstrap.key;
      expect(readFileSync(join(dataDir, 'bootstrap-admin.key'), 'utf8')).toBe(`${key}\n`);
      expect(statSync(join(dataDir, 'bootstrap-admin.key')).mode & 0o777).toBe(0o600);
      const ready = await fetch(`${first.url}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        checks: { database: true, adminKey: true },
      });
    } finally {
      await first.close();
    }

    const second = await startRegistry(config(), { host: '127.0.0.1', port: 0 });
    try {
      expect(second.bootstrap).toEqual({ created: false, file: join(dataDir, 'bootstrap-admin.key') });
      expect(readFileSync(join(dataDir, 'bootstrap-admin.key'), 'utf8')).toBe(`${key}\n`);
      const verified = await verifyApiKey(second.orm.em.fork() as unknown as EntityManager, key, new Date());
      expect(verified.ok).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('uses MCPR_BOOTSTRAP_ADMIN_KEY on first start', async () => {
    const configured = generateApiKey();
    const running = await startRegistry(config({ MCPR_BOOTSTRAP_ADMIN_KEY: configured }), {
      host: '127.0.0.1',
      port: 0,
    });
    try {
      expect(running.bootstrap).toMatchObject({ created: true, key: configured });
      const verified = await verifyApiKey(
        running.orm.em.fork() as unknown as EntityManager,
        configured,
        new Date(),
      );
      expect(verified.ok && verified.principal.handle).toBe('admin');
    } finally {
      await running.close();
    }
  });
});
