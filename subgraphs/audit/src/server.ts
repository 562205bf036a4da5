import {
  createSubgraphServer,
  type EventBus,
  type Logger,
  type Orm,
  type ServiceMetrics,
  type SubgraphServer,
} from '@mcpr/platform';
import { createAuditContext, type AuditContext } from './context';
import type { AnalyticsService } from './domain/analytics';
import type { AuditLog } from './domain/audit-log';
import { buildAuditSchema } from './schema/build-schema';

export interface AuditServerDeps {
  log: AuditLog;
  /** The analytics aggregates behind `Query.analytics`. */
  analytics?: AnalyticsService;
  logger: Logger;
  /** Verifies gateway tokens. */
  gatewayTokenSecret: string;
  /** For /ready (omitted in tests that only execute operations). */
  orm?: Orm;
  bus?: EventBus;
  introspection?: boolean;
  /** Served at /metrics (default: a registry of the server's own). */
  metrics?: ServiceMetrics;
}

/** The audit subgraph: GraphQL behind the gateway-token check, /ready on the database and the bus. */
export async function buildAuditServer(deps: AuditServerDeps): Promise<SubgraphServer> {
  return createSubgraphServer<AuditContext>({
    name: 'audit',
    schema: await buildAuditSchema(),
    logger: deps.logger,
    gatewayTokenSecret: deps.gatewayTokenSecret,
    introspection: deps.introspection,
    createContext: (info) =>
      createAuditContext({
        log: deps.log,
        analytics: deps.analytics,
        principal: info.principal,
        logger: info.logger,
        requestId: info.requestId,
      }),
    metrics: deps.metrics,
    dependencies: { orm: deps.orm, bus: deps.bus },
  });
}
