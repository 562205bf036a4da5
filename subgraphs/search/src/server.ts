import { createSubgraphServer, type Logger, type SubgraphServer } from '@mcpr/platform';
import { buildSearchSchema } from './schema/build-schema';

export interface SearchDeps {
  logger: Logger;
  gatewayTokenSecret: string;
}

/**
 * The search subgraph. Until hybrid search lands it contributes only its `Server` reference type,
 * so the supergraph composes with the keys the architecture fixes.
 */
export function buildSearchServer(deps: SearchDeps): SubgraphServer {
  return createSubgraphServer({
    name: 'search',
    schema: buildSearchSchema(),
    logger: deps.logger,
    gatewayTokenSecret: deps.gatewayTokenSecret,
    createContext: (info) => info,
  });
}
