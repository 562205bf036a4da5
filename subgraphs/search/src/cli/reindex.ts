/**
 * `pnpm reindex`: rebuilds the whole search index from the registry.
 *
 * 1. Reads every server that is not deleted (its versions, tier and installs) through the gateway's GraphQL
 *    API with an ADMIN key (MCPR_ADMIN_KEY, else the bootstrap key under DATA_DIR). Deleted versions are
 *    left out, so they never come back.
 * 2. Replaces search's persisted state (the search database: SQLite under DATA_DIR, or PostgreSQL) with it,
 *    in one transaction. Document vectors are kept: they are keyed by content hash.
 * 3. Asks every running search instance (SEARCH_URL, comma-separated; default http://HOST:SEARCH_PORT) to
 *    reload: each indexes every server again and drops the servers that are gone. An instance that is not
 *    running loads the new state when it starts.
 *
 * Run it when writes are quiet: an event handled between step 1 and step 2 is overwritten by the older
 * registry read (running it again repairs that).
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createLogger,
  INTERNAL_TOKEN_HEADER,
  internalServiceToken,
  migrateUp,
  type Logger,
} from '@mcpr/platform';
import { readRegistrySnapshots } from '../data/registry-reader';
import { OrmSearchStateStore } from '../data/state-store';
import { loadReindexEnv, type ReindexConfig } from '../env';
import { RELOAD_PATH } from '../server';
import { openSearchDatabase } from '../service';

export interface ReindexOptions {
  config: ReindexConfig;
  gatewayUrl: string;
  adminKey: string;
  /** Base URLs of running search instances to reload. */
  searchUrls: string[];
  /** The gateway token secret (the internal token of the reload route derives from it); none: no reload. */
  secret: string | undefined;
  logger: Logger;
  print?: (line: string) => void;
}

export interface ReindexResult {
  servers: number;
  tools: number;
  /** Per search URL: what the instance reported, or why it could not be reached. */
  reloaded: Record<string, { ok: boolean; servers?: number; removed?: number; error?: string }>;
}

export async function reindex(options: ReindexOptions): Promise<ReindexResult> {
  const print = options.print ?? (() => undefined);
  const snapshots = await readRegistrySnapshots({
    gatewayUrl: options.gatewayUrl,
    apiKey: options.adminKey,
    onProgress: (n) => print(`read ${n} servers from the registry`),
  });
  let tools = 0;
  for (const s of snapshots) {
    const indexed = s.versions.find((v) => v.versionId === s.latestId) ?? s.versions[s.versions.length - 1];
    tools += indexed?.manifest.tools?.length ?? 0;
  }
  const { target, orm } = await openSearchDatabase(options.config, options.logger);
  try {
    if (target.dialect === 'sqlite') await migrateUp(orm);
    await new OrmSearchStateStore(orm).replaceAll(snapshots);
  } finally {
    await orm.close();
  }
  print(
    `wrote ${snapshots.length} servers (${tools} tools in their indexed versions) to the search database`,
  );
  const reloaded: ReindexResult['reloaded'] = {};
  for (const url of options.secret ? options.searchUrls : []) {
    try {
      const response = await fetch(`${url.replace(/\/$/, '')}${RELOAD_PATH}`, {
        method: 'POST',
        headers: { [INTERNAL_TOKEN_HEADER]: internalServiceToken(options.secret!) },
      });
      const body = (await response.json().catch(() => ({}))) as {
        ok?: boolean;
        servers?: number;
        removed?: number;
        error?: string;
      };
      reloaded[url] = response.ok
        ? { ok: true, servers: body.servers ?? 0, removed: body.removed ?? 0 }
        : { ok: false, error: body.error ?? `HTTP ${response.status}` };
    } catch (error) {
      reloaded[url] = { ok: false, error: `not reachable (${(error as Error).message})` };
    }
    const r = reloaded[url]!;
    print(
      r.ok
        ? `${url}: reloaded ${r.servers} servers, removed ${r.removed}`
        : `${url}: ${r.error}; it loads the rebuilt index when it starts`,
    );
  }
  return { servers: snapshots.length, tools, reloaded };
}

/** The configured secret or the one embedded mode wrote; never generates one (nothing would be running). */
function secretOf(config: ReindexConfig): string | undefined {
  if (config.GATEWAY_TOKEN_SECRET) return config.GATEWAY_TOKEN_SECRET;
  const file = join(config.DATA_DIR, 'gateway-token.secret');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

function adminKeyOf(config: ReindexConfig): string {
  if (config.MCPR_ADMIN_KEY) return config.MCPR_ADMIN_KEY;
  const file = join(config.DATA_DIR, 'bootstrap-admin.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new Error(`set MCPR_ADMIN_KEY to an ADMIN key (no ${file})`);
}

async function main(): Promise<void> {
  const config = loadReindexEnv();
  const logger = createLogger('reindex', config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const result = await reindex({
    config,
    gatewayUrl: config.GATEWAY_URL ?? `http://${config.HOST}:${config.PORT}`,
    adminKey: adminKeyOf(config),
    searchUrls: (config.SEARCH_URL ?? `http://${config.HOST}:${config.SEARCH_PORT}`)
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean),
    secret: secretOf(config),
    logger,
    print: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`reindex failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
