import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type EntityManager, type Options } from '@mikro-orm/core';
import type { EntityClass, EntitySchema, MigrationObject } from '@mikro-orm/core';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from '../logging/logger';

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
}

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
    return MikroORM.init({ ...common, driver: LibSqlDriver, dbName: target.file } as Options);
  }
  return MikroORM.init({
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: target.url,
    schema: target.schema,
    pool: { min: 0, max: options.poolMax ?? 10 },
  } as Options);
}

/** Applies pending migrations; returns the names applied. */
export async function migrateUp(orm: Orm): Promise<string[]> {
  const migrator = orm.getMigrator();
  const applied = await migrator.up();
  return applied.map((migration) => migration.name);
}

/** The SQL that would create the schema from the entities (used to write new migrations). */
export async function schemaCreateSql(orm: Orm): Promise<string> {
  return orm.getSchemaGenerator().getCreateSchemaSQL({ wrap: false });
}

export function dialectOf(orm: Orm): Dialect {
  return orm.config.get('driver') === PostgreSqlDriver ? 'postgresql' : 'sqlite';
}

/** Cheap liveness probe for /ready. */
export async function databaseAnswers(orm: Orm): Promise<boolean> {
  try {
    return await orm.isConnected();
  } catch {
    return false;
  }
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
