import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type EntityManager, type Options } from '@mikro-orm/core';
import type { EntityClass, EntitySchema, MigrationObject } from '@mikro-orm/core';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { cacheStatements } from './sqlite-statement-cache';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from '../logging/logger';
import { DependencyUnavailableError } from '../errors/dependency-outage';

export type Dialect = 'sqlite' | 'postgresql';

/** Where a service keeps its data: a SQLite file (embedded) or a PostgreSQL schema (distributed). */
export type DatabaseTarget =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgresql'; url: string; schema: string };

/** A subgraph's migrations, one list per dialect (their SQL differs). */
export interface MigrationSets {
  sqlite: MigrationObject[];
  postgresql: MigrationObject[];
}

export interface OrmOptions {
  target: DatabaseTarget;
  entities: (EntityClass<unknown> | EntitySchema)[];
  migrations: MigrationSets;
  logger?: Logger;
  /** Connection pool size for PostgreSQL. */
  poolMax?: number;
  /** PostgreSQL time limits (defaults: {@link DEFAULT_DATABASE_TIMEOUTS}). */
  timeouts?: Partial<DatabaseTimeouts>;
}

/**
 * How long a PostgreSQL client waits before it gives up and reports the database unavailable. Without
 * them a frozen or unreachable server holds every request until the client's own timeout (and the pool's
 * 60 s acquire wait), instead of failing fast with UNAVAILABLE.
 */
export interface DatabaseTimeouts {
  /** A new connection: TCP connect plus the startup handshake. */
  connectMs: number;
  /**
   * One statement's answer, measured by the client (a frozen server cannot enforce its own timeout). The
   * connection is then discarded, since its state is unknown; `0` = no limit. Migrations run without it.
   */
  queryMs: number;
  /** Waiting for a free pooled connection. */
  acquireMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: Readonly<DatabaseTimeouts> = Object.freeze({
  connectMs: 3_000,
  queryMs: 5_000,
  acquireMs: 5_000,
});

/** Base class of the migrations a subgraph ships (re-exported so subgraphs need no direct @mikro-orm/migrations dependency). */
export { Migration } from '@mikro-orm/migrations';

export type Orm = MikroORM;
export type { EntityManager };

/**
 * Builds a MikroORM instance for either dialect from the same entities. It never changes the schema:
 * call `migrateUp` (embedded boot, `pnpm migrate`, tests) for that.
 */
export async function createOrm(options: OrmOptions): Promise<Orm> {
  const { target } = options;
  const common: Partial<Options> = {
    entities: options.entities,
    extensions: [Migrator],
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
    debug: false,
    discovery: { warnWhenNoEntities: false },
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: target.dialect === 'sqlite' ? options.migrations.sqlite : options.migrations.postgresql,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  };
  if (target.dialect === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
    return MikroORM.init({
      ...common,
      driver: LibSqlDriver,
      dbName: target.file,
      pool: {
        // knex calls this with each new libsql connection before the pool hands it out.
        afterCreate: (
          connection: { prepare(sql: string): unknown },
          done: (error: Error | null, connection: unknown) => void,
        ) => done(null, cacheStatements(connection)),
      },
    } as Options);
  }
  const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
  const guard: QueryGuard = { timeoutMs: timeouts.queryMs, suspended: 0 };
  const orm = await MikroORM.init({
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: target.url,
    schema: target.schema,
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      // knex calls this with each new node-postgres client before the pool hands it out.
      afterCreate: (client: PgClient, done: (error: Error | null, client: PgClient) => void) => {
        guardQueries(client, guard);
        done(null, client);
      },
    },
    driverOptions: {
      connection: { connectionTimeoutMillis: timeouts.connectMs, keepAlive: true },
      acquireConnectionTimeout: timeouts.acquireMs,
      // knex prints pool warnings (e.g. a discarded connection) with console.log unless given a logger.
      log: knexLog(options.logger),
    },
  } as Options);
  queryGuards.set(orm, guard);
  return orm;
}

/** Applies pending migrations; returns the names applied. */
export async function migrateUp(orm: Orm): Promise<string[]> {
  const migrator = orm.getMigrator();
  // A migration may legitimately run long (an index on a big table): no client-side statement limit.
  const guard = queryGuards.get(orm);
  if (guard) guard.suspended += 1;
  try {
    const applied = await migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    if (guard) guard.suspended -= 1;
  }
}

/** The SQL that would create the schema from the entities (used to write new migrations). */
export async function schemaCreateSql(orm: Orm): Promise<string> {
  return orm.getSchemaGenerator().getCreateSchemaSQL({ wrap: false });
}

export function dialectOf(orm: Orm): Dialect {
  return orm.config.get('driver') === PostgreSqlDriver ? 'postgresql' : 'sqlite';
}

/** One probe per ORM at a time, so a /ready poll during an outage cannot pile up queries on the pool. */
const probes = new WeakMap<Orm, Promise<boolean>>();

/** Cheap liveness probe for /ready: false when the database does not answer `select 1` within `withinMs`. */
export async function databaseAnswers(orm: Orm, withinMs = 1_000): Promise<boolean> {
  let probe = probes.get(orm);
  if (!probe) {
    probe = orm
      .isConnected()
      .catch(() => false)
      .finally(() => probes.delete(orm));
    probes.set(orm, probe);
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), withinMs);
  });
  try {
    return await Promise.race([probe, late]);
  } finally {
    clearTimeout(timer);
  }
}

function knexLog(logger: Logger | undefined) {
  const log = (message: unknown) => logger?.debug({ knex: String(message) }, 'knex');
  return { warn: log, error: log, deprecate: log, debug: log };
}

/** The part of a node-postgres client the guard touches (pg is MikroORM's dependency, not ours). */
interface PgClient {
  query: (...args: unknown[]) => unknown;
  end: () => Promise<void>;
  /** knex's mark: the pool validates on acquire and destroys a client that has it. */
  __knex__disposed?: unknown;
}

interface QueryGuard {
  timeoutMs: number;
  /** > 0 while migrations run. */
  suspended: number;
}

const queryGuards = new WeakMap<Orm, QueryGuard>();

/** Statements that open a transaction or a savepoint (knex sends them as plain text). */
const OPENS_TRANSACTION = /^\s*(?:BEGIN|START TRANSACTION|SAVEPOINT)\b/i;

/**
 * Gives every callback-style query (the form knex uses) a client-side deadline. On expiry the caller gets
 * a DependencyUnavailableError at once, and the client is closed and marked disposed: a late answer, or a
 * transaction left open on a frozen server, must never reach the next user of that connection. Closing a
 * client with a query in flight destroys its socket, so the server rolls back whatever was pending.
 *
 * After that, every query on the client fails at once with the same error. A timed-out BEGIN is reported
 * as done instead: knex swallows a failed BEGIN, hands the transaction out anyway and then fails its first
 * statement with "Transaction query already complete" — so the outage surfaces on that first statement,
 * with its real cause. Nothing can commit on a closed client.
 */
function guardQueries(client: PgClient, guard: QueryGuard): void {
  const query = client.query.bind(client);
  let failed: DependencyUnavailableError | undefined;
  client.query = (...args: unknown[]) => {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback !== 'function') return query(...args);
    if (failed) {
      const error = failed;
      process.nextTick(() => (callback as (error: Error) => void)(error));
      return undefined;
    }
    const timeoutMs = guard.suspended > 0 ? 0 : guard.timeoutMs;
    if (timeoutMs <= 0) return query(...args);
    let settled = false;
    const expire = () => {
      if (settled) return;
      settled = true;
      failed = new DependencyUnavailableError('database', `PostgreSQL did not answer within ${timeoutMs} ms`);
      client.__knex__disposed = failed;
      client.end().catch(() => undefined);
      const text = (args[0] as { text?: unknown } | string | undefined) ?? '';
      if (OPENS_TRANSACTION.test(typeof text === 'string' ? text : String(text.text ?? ''))) {
        (callback as (error: null, result: unknown) => void)(null, {
          command: 'BEGIN',
          rows: [],
          rowCount: null,
        });
      } else {
        (callback as (error: Error) => void)(failed);
      }
    };
    // Expire after the next I/O poll: if the event loop was blocked past the deadline, an answer that has
    // arrived meanwhile is read first, and a busy process is not mistaken for a dead database.
    const timer = setTimeout(() => setImmediate(expire), timeoutMs);
    args[last] = (error: Error | null, result: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      (callback as (error: Error | null, result: unknown) => void)(error, result);
    };
    return query(...args);
  };
}

/** Chooses the database target from configuration only (never by probing for a running server). */
export function resolveDatabaseTarget(options: {
  service: string;
  dataDir: string;
  databaseUrl?: string;
  serviceDatabaseUrl?: string;
}): DatabaseTarget {
  const url = options.serviceDatabaseUrl ?? options.databaseUrl;
  if (url) return { dialect: 'postgresql', url, schema: options.service };
  return { dialect: 'sqlite', file: `${options.dataDir}/${options.service}.sqlite` };
}
