import type { KeyObject } from 'node:crypto';
import {
  createEvent,
  createLogger,
  createOrm,
  createTestDatabase,
  migrateUp,
  Scope,
  type Dialect,
  type EventEnvelope,
  type KeyPrincipal,
  type Orm,
  type TestDatabase,
} from '@mcpr/platform';
import { auditEntities } from '../src/data/entities';
import { auditMigrations } from '../src/data/migrations';
import { openAuditStore } from '../src/data/open-audit-store';
import type { SqlSession } from '../src/data/sql';
import { AuditLog, generateSigningKey } from '../src/domain';

/** A movable clock for window and checkpoint tests. */
export class TestClock {
  constructor(public time = Date.parse('2025-06-01T12:00:00.000Z')) {}
  readonly now = () => new Date(this.time);
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface TestLog {
  log: AuditLog;
  orm: Orm;
  sql: SqlSession;
  clock: TestClock;
  key: KeyObject;
  database: TestDatabase;
  /** Another log (another "process") on the same database, e.g. with a rotated key. */
  openAnother(options?: { key?: KeyObject }): Promise<{ log: AuditLog; orm: Orm; sql: SqlSession }>;
  close(): Promise<void>;
}

export const silentLogger = createLogger('audit-test', 'silent');

/** A fresh, migrated audit database with a started log on it. */
export async function openTestLog(
  dialect: Dialect,
  options: { key?: KeyObject; windowGraceMs?: number } = {},
): Promise<TestLog> {
  const database = await createTestDatabase(dialect, 'audit');
  const clock = new TestClock();
  const key = options.key ?? generateSigningKey();
  const opened: Orm[] = [];
  const open = async (signingKey: KeyObject) => {
    const orm = await createOrm({
      target: database.target,
      entities: auditEntities,
      migrations: auditMigrations,
    });
    opened.push(orm);
    await migrateUp(orm);
    const store = await openAuditStore(orm);
    const log = new AuditLog({
      repository: store.repository,
      signingKey,
      origin: 'test.example/audit',
      now: clock.now,
      windowGraceMs: options.windowGraceMs,
      logger: silentLogger,
    });
    await log.start();
    return { log, orm, sql: store.sql };
  };
  const first = await open(key);
  return {
    ...first,
    clock,
    key,
    database,
    openAnother: (more = {}) => open(more.key ?? key),
    async close() {
      for (const orm of opened) await orm.close(true);
      await database.drop();
    },
  };
}

let sequence = 0;

/** A registry-like `version.published` event. */
export function versionPublished(
  server = 'io.github.alice/weather',
  version = `1.0.${sequence++}`,
  overrides: Partial<EventEnvelope> = {},
): EventEnvelope {
  const versionId = `ver-${server}-${version}`;
  return {
    ...createEvent({
      type: 'version.published',
      source: 'registry',
      actor: 'alice',
      subject: server,
      data: {
        serverId: `srv-${server}`,
        name: server,
        versionId,
        version,
        manifestDigest: 'ab'.repeat(32),
        manifest: { name: server, version, description: 'Weather for agents ☀' },
      },
    }),
    ...overrides,
  };
}

/** Any event. */
export function event(type: string, subject: string, overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    ...createEvent({
      type,
      source:
        type.startsWith('auth.') || type.startsWith('access.') || type.startsWith('ratelimit.')
          ? 'gateway'
          : 'registry',
      actor: 'anonymous',
      subject,
      data: {},
    }),
    ...overrides,
  };
}

/** A principal holding `scopes`. */
export function keyPrincipal(scopes: Scope[], handle = 'auditor'): KeyPrincipal {
  return {
    kind: 'key',
    keyId: `key-${handle}`,
    accountId: `acc-${handle}`,
    handle,
    scopes,
    namespacePatterns: [],
    expiresAt: null,
  };
}

/** SQL that lets a test write past the append-only triggers, and puts them back. */
export async function withoutAppendOnlyTriggers(
  sql: SqlSession,
  table: 'audit_entry' | 'audit_merkle_node',
  work: () => Promise<void>,
): Promise<void> {
  if (sql.dialect === 'postgresql') {
    await sql.run(`alter table ${sql.table(table)} disable trigger ${table}_append_only`);
    try {
      await work();
    } finally {
      await sql.run(`alter table ${sql.table(table)} enable trigger ${table}_append_only`);
    }
    return;
  }
  const [trigger] = await sql.all<{ sql: string }>(
    `select sql from sqlite_master where type = 'trigger' and name = ?`,
    [`${table}_no_update`],
  );
  await sql.run(`drop trigger ${table}_no_update`);
  try {
    await work();
  } finally {
    await sql.run(trigger.sql);
  }
}
