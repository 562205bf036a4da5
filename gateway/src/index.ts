export { loadGatewayEnv, disableApolloTelemetry, type GatewayConfig } from './env';
export { buildGateway, type GatewayDeps, type GatewayServer, type SubgraphName } from './server';
export { startGateway, subgraphUrlsFromConfig } from './service';
export { startEmbeddedPlatform, type EmbeddedPlatform, type EmbeddedOptions } from './embedded';
export { RegistryKeyVerifier, type KeyVerifier, type KeyVerdict } from './auth/key-verifier';
export { SignedSubgraphDataSource, createSubgraphAgent } from './subgraph-data-source';
