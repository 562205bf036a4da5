import type { EntityManager } from '@mikro-orm/knex';
import {
  createLogger,
  createOrm,
  createTestDatabase,
  migrateUp,
  Scope,
  type Dialect,
  type KeyPrincipal,
  type Orm,
  type Principal,
} from '@mcpr/platform';
import { registryEntities } from '../src/data/entities';
import { registryMigrations } from '../src/data/migrations';
import { createApiKey, verifyApiKey } from '../src/domain/api-keys';
import { createAdminKey } from '../src/domain/bootstrap';
import type { DomainContext } from '../src/domain/context';

export const silentLogger = createLogger('registry-test', 'silent');

export interface TestDb {
  orm: Orm;
  em(): EntityManager;
  close(): Promise<void>;
}

/** A fresh, migrated registry database for one test file. */
export async function openTestDb(dialect: Dialect): Promise<TestDb> {
  const db = await createTestDatabase(dialect, 'registry');
  const orm = await createOrm({
    target: db.target,
    entities: registryEntities,
    migrations: registryMigrations,
  });
  await migrateUp(orm);
  return {
    orm,
    em: () => orm.em.fork() as unknown as EntityManager,
    close: async () => {
      await orm.close(true);
      await db.drop();
    },
  };
}

/** A domain context for `principal` on a fresh fork. */
export function ctxFor(db: TestDb, principal: Principal, now: () => Date = () => new Date()): DomainContext {
  return { em: db.em(), principal, now };
}

let counter = 0;
/** A unique lowercase token, so tests in one database do not collide. */
export function unique(prefix = 't'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

/** An ADMIN principal backed by a real key of the `admin` account. */
export async function adminPrincipal(db: TestDb): Promise<KeyPrincipal> {
  const issued = await createAdminKey(db.em(), { now: new Date() });
  return principalFor(db, issued.secret);
}

/** The principal the gateway would get for a key secret. */
export async function principalFor(db: TestDb, secret: string, now = new Date()): Promise<KeyPrincipal> {
  const verified = await verifyApiKey(db.em(), secret, now);
  if (!verified.ok) throw new Error(`key did not verify: ${verified.reason}`);
  return verified.principal;
}

/** Creates (as admin) a key for `handle` and returns its principal and secret. */
export async function keyFor(
  db: TestDb,
  admin: KeyPrincipal,
  input: { handle: string; scopes: Scope[]; namespaces?: string[] | null; expiresInDays?: number },
): Promise<{ principal: KeyPrincipal; secret: string; id: string }> {
  const outcome = await createApiKey(ctxFor(db, admin), {
    account: input.handle,
    name: 'test key',
    scopes: input.scopes,
    namespaces: input.namespaces,
    expiresInDays: input.expiresInDays,
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return {
    principal: await principalFor(db, outcome.value.secret),
    secret: outcome.value.secret,
    id: outcome.value.key.id,
  };
}

/** A minimal valid server.json, with optional remotes and tools (our extension block). */
export function manifest(
  name: string,
  version = '1.0.0',
  extra: {
    description?: string;
    title?: string;
    remotes?: string[];
    tools?: {
      name: string;
      description: string;
      inputSchema?: Record<string, unknown>;
      annotations?: Record<string, unknown>;
    }[];
  } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name,
    description: extra.description ?? `The ${name} server`,
    version,
    repository: { url: 'https://github.com/example/repo', source: 'github' },
    packages: [
      { registryType: 'npm', identifier: '@example/server', version: '1.0.0', transport: { type: 'stdio' } },
    ],
  };
  if (extra.title) out.title = extra.title;
  if (extra.remotes) out.remotes = extra.remotes.map((url) => ({ type: 'streamable-http', url }));
  if (extra.tools) {
    out._meta = {
      'io.mcpr/publisher-provided': {
        tools: extra.tools.map((tool) => ({ inputSchema: { type: 'object', properties: {} }, ...tool })),
      },
    };
  }
  return out;
}

export { Scope };
