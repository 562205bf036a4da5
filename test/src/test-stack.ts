import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  testDialects,
  type Dialect,
  type RunningService,
  type TestDatabase,
} from '@mcpr/platform';
import { migrateAll, startEmbeddedPlatform, type EmbeddedPlatform } from '@mcpr/gateway';
import { startDistributedStack } from './distributed-stack';
import { GatewayClient } from './graphql-client';

/** Where the platform under test runs: in this process (default) or one OS process per service. */
export type StackLayout = 'in-process' | 'distributed';

/** A running service of either layout; `close()` stops it gracefully (in the distributed layout: SIGTERM). */
export type StackService = RunningService;

/** What a suite may see of the platform's services, the same in both layouts. */
export interface StackPlatform {
  gateway: StackService;
  /** registry, trust, audit, search — in that order. */
  services: StackService[];
  /** The gateway's DATA_DIR (holds `gateway-token.secret`). */
  dataDir: string;
}

export interface TestStack {
  layout: StackLayout;
  platform: StackPlatform;
  /** Anonymous client. */
  anonymous: GatewayClient;
  /** Client holding the bootstrap admin key. */
  admin: GatewayClient;
  adminKey: string;
  gatewayUrl: string;
  close(): Promise<void>;
}

/** The layout `startTestStack` uses: `MCPR_E2E_LAYOUT=distributed` selects one process per service. */
export function testLayout(env: Record<string, string | undefined> = process.env): StackLayout {
  const value = env.MCPR_E2E_LAYOUT;
  if (value === undefined || value === '' || value === 'in-process') return 'in-process';
  if (value === 'distributed') return 'distributed';
  throw new Error(`MCPR_E2E_LAYOUT must be "in-process" or "distributed", not "${value}"`);
}

/**
 * The dialects a suite's stack runs on: `testDialects()` in-process (SQLite, and PostgreSQL when
 * DATABASE_URL is set); only PostgreSQL in the distributed layout, which always runs on it (a second,
 * "SQLite" pass there would repeat the PostgreSQL one).
 */
export function stackDialects(): Dialect[] {
  return testLayout() === 'distributed' ? ['postgresql'] : testDialects();
}

/**
 * The platform under test, in the layout `MCPR_E2E_LAYOUT` selects, so the same suites run against both:
 * in-process (below), or the distributed layout (`startDistributedStack`: always PostgreSQL + Redis, so
 * `dialect` is ignored there).
 */
export async function startTestStack(
  options: { dialect?: Dialect; env?: Record<string, string> } = {},
): Promise<TestStack> {
  if (testLayout() === 'distributed') return startDistributedStack({ env: options.env });
  return startInProcessStack(options);
}

/**
 * The whole platform in this process on ephemeral ports with a private DATA_DIR — on SQLite, or on a
 * fresh PostgreSQL database when `dialect` is 'postgresql'.
 */
export async function startInProcessStack(
  options: { dialect?: Dialect; env?: Record<string, string> } = {},
): Promise<TestStack & { platform: EmbeddedPlatform }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mcpr-stack-'));
  let database: TestDatabase | undefined;
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    ...options.env,
  };
  if (options.dialect === 'postgresql') {
    database = await createTestDatabase('postgresql', 'registry');
    if (database.target.dialect === 'postgresql') env.DATABASE_URL = database.target.url;
    // Services never migrate PostgreSQL at boot (distributed deployments run `pnpm migrate` first), so
    // the fresh database is migrated here, as gateway/src/cli/migrate.ts does.
    await migrateAll(env);
  }
  const platform = await startEmbeddedPlatform({ env, ephemeralPorts: true });
  const adminKey = readFileSync(platform.adminKeyFile, 'utf8').trim();
  const anonymous = new GatewayClient(platform.gateway.url);
  return {
    layout: 'in-process',
    platform,
    anonymous,
    admin: anonymous.as(adminKey),
    adminKey,
    gatewayUrl: platform.gateway.url,
    async close() {
      await platform.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Gateway rate-limit budgets far above what a suite sends, for suites whose subject is not rate limiting
 * but that publish or read a lot from one key or one IP (the limiter still runs, it just never trips).
 */
export const UNTHROTTLED_ENV: Record<string, string> = {
  RATE_LIMIT_READS_PER_MINUTE: '1000000',
  RATE_LIMIT_SEARCHES_PER_MINUTE: '1000000',
  RATE_LIMIT_INSTALLS_PER_MINUTE: '1000000',
  RATE_LIMIT_PUBLISHES_PER_MINUTE: '1000000',
};
