import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { DatabaseTarget, Dialect } from '../orm/create-orm';

/**
 * The dialects a database test runs on: SQLite always; PostgreSQL when DATABASE_URL is set.
 * Under CI=true a missing DATABASE_URL is an error, so PostgreSQL coverage cannot silently vanish.
 */
export function testDialects(env: Record<string, string | undefined> = process.env): Dialect[] {
  if (env.DATABASE_URL) return ['sqlite', 'postgresql'];
  if (env.CI === 'true') {
    throw new Error('CI=true but DATABASE_URL is not set: the PostgreSQL suites must run in CI.');
  }
  return ['sqlite'];
}

export interface TestDatabase {
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a temporary SQLite file, or a new PostgreSQL database
 * created from DATABASE_URL (dropped afterwards).
 */
export async function createTestDatabase(dialect: Dialect, service: string): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `mcpr-${service}-`));
    return {
      target: { dialect: 'sqlite', file: join(dir, `${service}.sqlite`) },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('DATABASE_URL is required for PostgreSQL tests');
  const name = `mcpr_t_${service}_${randomBytes(5).toString('hex')}`;
  await adminExecute(baseUrl, `create database "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    target: { dialect: 'postgresql', url: url.toString(), schema: service },
    drop: () => adminExecute(baseUrl, `drop database if exists "${name}" with (force)`),
  };
}

async function adminExecute(url: string, sql: string): Promise<void> {
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: url,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: true,
    pool: { min: 0, max: 1 },
  } as Options);
  try {
    await orm.em.getConnection().execute(sql);
  } finally {
    await orm.close(true);
  }
}
