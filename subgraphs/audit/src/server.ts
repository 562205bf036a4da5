import { createSubgraphServer, type Logger, type SubgraphServer } from '@mcpr/platform';
import { buildAuditSchema } from './schema/build-schema';

export interface AuditDeps {
  logger: Logger;
  gatewayTokenSecret: string;
}

export function buildAuditServer(deps: AuditDeps): SubgraphServer {
  return createSubgraphServer({
    name: 'audit',
    schema: buildAuditSchema(),
    logger: deps.logger,
    gatewayTokenSecret: deps.gatewayTokenSecret,
    createContext: (info) => info,
  });
}
