import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { resolveGatewaySecret, type EventBus, type Logger } from '@mcpr/platform';
import { startEmbeddedPlatform, type EmbeddedPlatform } from '../../src/embedded';
import { loadGatewayEnv } from '../../src/env';
import { startGateway } from '../../src/service';
import type { ManifestValidator } from '../../src/rest/router';
import type { RunningService } from '@mcpr/platform';

export interface Stack {
  platform: EmbeddedPlatform;
  url: string;
  adminKey: string;
  dataDir: string;
  env: Record<string, string | undefined>;
  /** Another gateway over the same subgraphs, with its own settings (closed with the stack). */
  extraGateway(
    env: Record<string, string>,
    options?: { logger?: Logger; bus?: EventBus; validateManifest?: ManifestValidator },
  ): Promise<RunningService>;
  close(): Promise<void>;
}

/**
 * The whole platform in this process on ephemeral ports with a private DATA_DIR. Rate-limit counters
 * go to Redis when the test run has REDIS_URL (under a prefix of their own), else to memory; the event
 * bus stays in process so parallel test files never share events.
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mcpr-gateway-'));
  const fullEnv: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    RATE_LIMIT_KEY_PREFIX: `mcpr:test:${randomUUID()}`,
    ...(process.env.REDIS_URL ? { RATE_LIMIT_REDIS_URL: process.env.REDIS_URL } : {}),
    ...env,
  };
  const platform = await startEmbeddedPlatform({ env: fullEnv, ephemeralPorts: true });
  const extras: RunningService[] = [];
  const [registry, trust, audit, search] = platform.services;
  return {
    platform,
    url: platform.gateway.url,
    adminKey: readFileSync(platform.adminKeyFile, 'utf8').trim(),
    dataDir,
    env: fullEnv,
    async extraGateway(overrides, options = {}) {
      const config = loadGatewayEnv({ ...fullEnv, ...overrides });
      const gateway = await startGateway(
        {
          config,
          secret: resolveGatewaySecret(config.GATEWAY_TOKEN_SECRET, config.DATA_DIR),
          subgraphUrls: {
            registry: registry!.url,
            trust: trust!.url,
            audit: audit!.url,
            search: search!.url,
          },
          logger: options.logger,
          bus: options.bus,
          validateManifest: options.validateManifest,
        },
        { host: '127.0.0.1', port: 0 },
      );
      extras.push(gateway);
      return gateway;
    },
    async close() {
      for (const extra of extras) await extra.close();
      await platform.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
