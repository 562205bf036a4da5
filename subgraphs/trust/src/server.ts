import { createSubgraphServer, type Logger, type SubgraphServer } from '@mcpr/platform';
import { buildTrustSchema } from './schema/build-schema';

export interface TrustDeps {
  logger: Logger;
  gatewayTokenSecret: string;
}

/**
 * The trust subgraph. Until scanning and tiers land it answers with the defaults the architecture
 * fixes for servers it has not seen: tier UNVERIFIED and scan PENDING.
 */
export async function buildTrustServer(deps: TrustDeps): Promise<SubgraphServer> {
  return createSubgraphServer({
    name: 'trust',
    schema: await buildTrustSchema(),
    logger: deps.logger,
    gatewayTokenSecret: deps.gatewayTokenSecret,
    createContext: (info) => info,
  });
}
