import {
  createSubgraphServer,
  type EventBus,
  type Logger,
  type Orm,
  type ServiceMetrics,
  type SubgraphServer,
} from '@mcpr/platform';
import { createTrustContext, type TrustContext } from './context';
import { DEFAULT_TRUST_RULES, type TrustRules } from './domain/context';
import { buildTrustSchema } from './schema/build-schema';

export { buildTrustSchema };

export interface TrustServerDeps {
  orm: Orm;
  logger: Logger;
  /** Verifies gateway tokens. */
  gatewayTokenSecret: string;
  rules?: TrustRules;
  /** For /ready: the bus trust consumes from. */
  bus?: EventBus;
  /** The clock (tests move it). */
  now?: () => Date;
  introspection?: boolean;
  /** Served at /metrics (default: a registry of the server's own). */
  metrics?: ServiceMetrics;
}

/**
 * The trust subgraph: GraphQL behind the gateway-token check, /ready checking the database (and the bus
 * when given). Never reads process.env.
 */
export async function buildTrustServer(deps: TrustServerDeps): Promise<SubgraphServer> {
  const now = deps.now ?? (() => new Date());
  const rules = deps.rules ?? DEFAULT_TRUST_RULES;
  return createSubgraphServer<TrustContext>({
    name: 'trust',
    schema: await buildTrustSchema(),
    logger: deps.logger,
    gatewayTokenSecret: deps.gatewayTokenSecret,
    introspection: deps.introspection,
    createContext: (info) =>
      createTrustContext({
        orm: deps.orm,
        principal: info.principal,
        logger: info.logger,
        requestId: info.requestId,
        now,
        rules,
      }),
    metrics: deps.metrics,
    dependencies: { orm: deps.orm, bus: deps.bus },
  });
}
