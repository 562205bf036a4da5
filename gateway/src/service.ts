import { createLogger, listen, type EventBus, type ListenOptions, type RunningService } from '@mcpr/platform';
import { loadSupergraphSdl } from '@mcpr/schema';
import type { GatewayConfig } from './env';
import { buildGateway, type SubgraphName } from './server';
import { createSubgraphAgent } from './subgraph-data-source';
import { RegistryKeyVerifier } from './auth/key-verifier';

export interface GatewayStartOptions {
  config: GatewayConfig;
  subgraphUrls: Record<SubgraphName, string>;
  secret: string;
  supergraphSdl?: string;
  /** Where the gateway's security events go. */
  bus?: EventBus;
}

/** Starts the gateway over the committed supergraph; subgraph names are mapped to `subgraphUrls`. */
export async function startGateway(options: GatewayStartOptions, at: ListenOptions): Promise<RunningService> {
  const { config } = options;
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const agent = createSubgraphAgent();
  const gateway = buildGateway({
    supergraphSdl: options.supergraphSdl ?? loadSupergraphSdl(),
    subgraphUrls: options.subgraphUrls,
    secret: options.secret,
    logger,
    agent,
    keyVerifier: new RegistryKeyVerifier(
      options.subgraphUrls.registry,
      options.secret,
      agent,
      config.KEY_CACHE_TTL_MS,
    ),
    introspection: config.GRAPHQL_INTROSPECTION || config.NODE_ENV === 'development',
    bus: options.bus,
    corsOrigins: (config.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  });
  await gateway.start();
  const listening = await listen(gateway.app, at.port, at.host);
  let closing: Promise<void> | undefined;
  return {
    name: 'gateway',
    url: listening.url,
    port: listening.port,
    close: () =>
      (closing ??= (async () => {
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
