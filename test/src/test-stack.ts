import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type Dialect, type TestDatabase } from '@mcpr/platform';
import { migrateAll, startEmbeddedPlatform, type EmbeddedPlatform } from '@mcpr/gateway';
import { GatewayClient } from './graphql-client';

export interface TestStack {
  platform: EmbeddedPlatform;
  /** Anonymous client. */
  anonymous: GatewayClient;
  /** Client holding the bootstrap admin key. */
  admin: GatewayClient;
  adminKey: string;
  gatewayUrl: string;
  close(): Promise<void>;
}

/**
 * The whole platform in this process on ephemeral ports with a private DATA_DIR — on SQLite, or on a
 * fresh PostgreSQL database when `dialect` is 'postgresql'.
 */
export async function startTestStack(
  options: { dialect?: Dialect; env?: Record<string, string> } = {},
): Promise<TestStack> {
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
