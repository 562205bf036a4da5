import {
  buildFederatedSchema,
  createSubgraphServer,
  type EventBus,
  type Logger,
  type Orm,
  type ServiceMetrics,
  type SubgraphServer,
} from '@mcpr/platform';
import type { GraphQLSchema } from 'graphql';
import type { EntityManager } from '@mikro-orm/knex';
import { createRegistryContext, type RegistryContext } from './context';
import { createRegistryReadCache } from './data/read-cache';
import { adminKeyExists } from './domain/bootstrap';
import { mountVerifyKeyRoute } from './internal/verify-key.route';
import { ApiKeyResolver, ViewerResolver } from './resolvers/api-key.resolver';
import { NamespaceResolver } from './resolvers/namespace.resolver';
import { PublishResolver } from './resolvers/publish.resolver';
import { registryReferenceResolvers } from './resolvers/references';
import { ServerVersionResolver } from './resolvers/server-version.resolver';
import { ServerResolver } from './resolvers/server.resolver';
import { ServerStatusResolver } from './resolvers/server-status.resolver';

export interface RegistryServerDeps {
  orm: Orm;
  logger: Logger;
  /** Verifies gateway tokens, and derives the internal token of the key lookup. */
  gatewayTokenSecret: string;
  /** The clock (tests move it). */
  now?: () => Date;
  introspection?: boolean;
  /** For /ready: the bus the outbox relay publishes to. */
  bus?: EventBus;
  /** Served at /metrics (default: a registry of the server's own). */
  metrics?: ServiceMetrics;
}

/** The registry subgraph schema (federation-ready). */
export function buildRegistrySchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      ServerResolver,
      ServerVersionResolver,
      PublishResolver,
      ServerStatusResolver,
      NamespaceResolver,
      ApiKeyResolver,
      ViewerResolver,
    ],
    referenceResolvers: registryReferenceResolvers,
  });
}

/**
 * The registry subgraph: GraphQL behind the gateway-token check, the internal key lookup, and /ready
 * checks for the database, the bus (when given) and the existence of an admin key. Never reads process.env.
 */
export async function buildRegistryServer(deps: RegistryServerDeps): Promise<SubgraphServer> {
  const now = deps.now ?? (() => new Date());
  const readCache = createRegistryReadCache();
  return createSubgraphServer<RegistryContext>({
    name: 'registry',
    schema: await buildRegistrySchema(),
    logger: deps.logger,
    gatewayTokenSecret: deps.gatewayTokenSecret,
    introspection: deps.introspection,
    createContext: (info) =>
      createRegistryContext({
        orm: deps.orm,
        principal: info.principal,
        logger: info.logger,
        requestId: info.requestId,
        now,
        readCache,
      }),
    routes: (app) =>
      mountVerifyKeyRoute(app, {
        orm: deps.orm,
        gatewayTokenSecret: deps.gatewayTokenSecret,
        logger: deps.logger,
        now,
      }),
    metrics: deps.metrics,
    dependencies: { orm: deps.orm, bus: deps.bus },
    checks: { adminKey: () => adminKeyExists(deps.orm.em.fork() as unknown as EntityManager, now()) },
  });
}
