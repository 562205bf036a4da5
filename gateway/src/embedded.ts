import {
  createEventBus,
  createLogger,
  lockDataDir,
  resolveGatewaySecret,
  type RunningService,
} from '@mcpr/platform';
import { loadRegistryEnv, startRegistry } from '@mcpr/registry';
import { loadTrustEnv, startTrust } from '@mcpr/trust';
import { loadAuditEnv, startAudit } from '@mcpr/audit';
import { loadSearchEnv, startSearch } from '@mcpr/search';
import { loadGatewayEnv } from './env';
import { startGateway } from './service';

export interface EmbeddedPlatform {
  gateway: RunningService;
  services: RunningService[];
  /** Where the bootstrap admin key was written on first start. */
  adminKeyFile: string;
  /** The bootstrap admin key, when this start created it (printed once). */
  createdAdminKey?: string;
  dataDir: string;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The environment (each service parses its own variables from it). */
  env: Record<string, string | undefined>;
  /** Listen on ephemeral ports (tests) instead of the configured ones. */
  ephemeralPorts?: boolean;
}

/**
 * Embedded mode: the four subgraphs and the gateway in one process, each on its own port, federated over
 * real HTTP. Data lives under DATA_DIR (SQLite) unless DATABASE_URL etc. are set. DATA_DIR is held by one
 * platform at a time: a second one on it fails to start (`DataDirInUseError`) instead of writing the same
 * SQLite files and relaying the same outbox next to the first.
 */
export async function startEmbeddedPlatform(options: EmbeddedOptions): Promise<EmbeddedPlatform> {
  const gatewayConfig = loadGatewayEnv(options.env);
  const host = gatewayConfig.HOST;
  const portOf = (configured: number) => (options.ephemeralPorts ? 0 : configured);
  const lock = lockDataDir(gatewayConfig.DATA_DIR);
  const secret = resolveGatewaySecret(gatewayConfig.GATEWAY_TOKEN_SECRET, gatewayConfig.DATA_DIR);
  const logger = createLogger('embedded', gatewayConfig.LOG_LEVEL);
  // One bus for the whole process: in-process, or Redis Streams when REDIS_URL is set.
  const bus = createEventBus({ redisUrl: gatewayConfig.REDIS_URL, logger });
  const started: { close(): Promise<void> }[] = [
    { close: () => Promise.resolve(lock.release()) },
    { close: () => bus.close() },
  ];
  const closeAll = async () => {
    for (const service of [...started].reverse()) await service.close();
  };
  try {
    // Consumers subscribe before producers' relays start: the in-process bus keeps no history, and a
    // relay resends unsent events on start. Audit and search only consume; trust consumes and produces.
    const auditConfig = loadAuditEnv(options.env);
    const audit = await startAudit(
      auditConfig,
      secret,
      { host, port: portOf(auditConfig.AUDIT_PORT) },
      { bus },
    );
    started.push(audit);
    const searchConfig = loadSearchEnv(options.env);
    const search = await startSearch(
      searchConfig,
      secret,
      { host, port: portOf(searchConfig.SEARCH_PORT) },
      { bus },
    );
    started.push(search);
    const trustConfig = loadTrustEnv(options.env);
    const trust = await startTrust(
      trustConfig,
      secret,
      { host, port: portOf(trustConfig.TRUST_PORT) },
      { bus },
    );
    started.push(trust);
    const registryConfig = loadRegistryEnv(options.env);
    const registry = await startRegistry(
      registryConfig,
      { host, port: portOf(registryConfig.REGISTRY_PORT) },
      { gatewayTokenSecret: secret, bus, logBootstrapKey: false },
    );
    started.push(registry);
    const gateway = await startGateway(
      {
        config: gatewayConfig,
        secret,
        subgraphUrls: { registry: registry.url, trust: trust.url, audit: audit.url, search: search.url },
        bus,
      },
      { host, port: portOf(gatewayConfig.PORT) },
    );
    started.push(gateway);
    return {
      gateway,
      services: [registry, trust, audit, search],
      adminKeyFile: registry.bootstrap.file,
      createdAdminKey: registry.bootstrap.created ? registry.bootstrap.key : undefined,
      dataDir: gatewayConfig.DATA_DIR,
      close: closeAll,
    };
  } catch (error) {
    await closeAll().catch((closeError: unknown) =>
      logger.error({ err: closeError }, 'cleanup after a failed start failed'),
    );
    throw error;
  }
}
