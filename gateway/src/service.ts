import { validateManifest } from '@mcpr/manifest';
import {
  createLogger,
  listen,
  type EventBus,
  type ListenOptions,
  type Logger,
  type RunningService,
} from '@mcpr/platform';
import { loadSupergraphSdl } from '@mcpr/schema';
import type { GatewayConfig } from './env';
import { buildGateway, type SubgraphName } from './server';
import { createSubgraphAgent } from './subgraph-data-source';
import { RegistryKeyVerifier } from './auth/key-verifier';
import { dashboardRouter } from './dashboard';
import { attachSubscriptions, auditAnalyticsSource, liveLimitsFromConfig } from './subscriptions';
import type { ManifestValidator } from './rest/router';

export interface GatewayStartOptions {
  config: GatewayConfig;
  subgraphUrls: Record<SubgraphName, string>;
  secret: string;
  supergraphSdl?: string;
  /** Where the gateway's security events go. */
  bus?: EventBus;
  /** The gateway's logger (default: a new `gateway` logger at LOG_LEVEL). */
  logger?: Logger;
  /** Manifest validation for `POST /v0.1/validate`; defaults to @mcpr/manifest's `validateManifest`. */
  validateManifest?: ManifestValidator;
}

/** Starts the gateway over the committed supergraph; subgraph names are mapped to `subgraphUrls`. */
export async function startGateway(options: GatewayStartOptions, at: ListenOptions): Promise<RunningService> {
  const { config } = options;
  const logger = options.logger ?? createLogger('gateway', config.LOG_LEVEL);
  const agent = createSubgraphAgent();
  const keyVerifier = new RegistryKeyVerifier(
    options.subgraphUrls.registry,
    options.secret,
    agent,
    config.KEY_CACHE_TTL_MS,
  );
  const gateway = buildGateway({
    supergraphSdl: options.supergraphSdl ?? loadSupergraphSdl(),
    subgraphUrls: options.subgraphUrls,
    secret: options.secret,
    logger,
    agent,
    keyVerifier,
    introspection: config.GRAPHQL_INTROSPECTION || config.NODE_ENV === 'development',
    bodyLimit: config.BODY_LIMIT,
    trustProxy: config.TRUST_PROXY,
    limits: {
      maxDepth: config.GRAPHQL_MAX_DEPTH,
      maxCost: config.GRAPHQL_MAX_COST,
      maxAliases: config.GRAPHQL_MAX_ALIASES,
      maxTokens: config.GRAPHQL_MAX_TOKENS,
      maxDirectives: config.GRAPHQL_MAX_DIRECTIVES,
    },
    rateLimits: {
      enabled: config.RATE_LIMITS,
      perMinute: {
        reads: config.RATE_LIMIT_READS_PER_MINUTE,
        searches: config.RATE_LIMIT_SEARCHES_PER_MINUTE,
        installs: config.RATE_LIMIT_INSTALLS_PER_MINUTE,
        publishes: config.RATE_LIMIT_PUBLISHES_PER_MINUTE,
      },
      redisUrl: config.RATE_LIMIT_REDIS_URL ?? config.REDIS_URL,
      keyPrefix: config.RATE_LIMIT_KEY_PREFIX,
    },
    validateManifest: options.validateManifest ?? validateManifest,
    bus: options.bus,
    corsOrigins: (config.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  });
  gateway.app.use(dashboardRouter());
  await gateway.start();
  const listening = await listen(gateway.app, at.port, at.host);
  const live = options.bus
    ? await attachSubscriptions(listening.server, {
        bus: gateway.metrics.observeBus(options.bus),
        keyVerifier,
        logger,
        limits: liveLimitsFromConfig(config),
        trustProxy: config.TRUST_PROXY,
        analytics: auditAnalyticsSource({
          auditUrl: options.subgraphUrls.audit,
          secret: options.secret,
          dispatcher: agent,
        }),
      })
    : undefined;
  let closing: Promise<void> | undefined;
  return {
    name: 'gateway',
    url: listening.url,
    port: listening.port,
    close: () =>
      (closing ??= (async () => {
        await live?.close();
        await listening.close();
        await gateway.stop();
        await agent.close();
      })()),
  };
}

/** Distributed mode: subgraph base URLs from `<NAME>_URL` (their `/graphql` suffix is optional). */
export function subgraphUrlsFromConfig(config: GatewayConfig): Record<SubgraphName, string> {
  const base = (value: string | undefined, fallbackPort: number) =>
    value ? value.replace(/\/graphql\/?$/, '').replace(/\/$/, '') : `http://${config.HOST}:${fallbackPort}`;
  return {
    registry: base(config.REGISTRY_URL, config.REGISTRY_PORT),
    trust: base(config.TRUST_URL, config.TRUST_PORT),
    audit: base(config.AUDIT_URL, config.AUDIT_PORT),
    search: base(config.SEARCH_URL, config.SEARCH_PORT),
  };
}
