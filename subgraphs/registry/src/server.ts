import {
  buildFederatedSchema,
  createSubgraphServer,
  databaseAnswers,
  type Logger,
  type Orm,
  type SubgraphServer,
} from '@mcpr/platform';
import type { GraphQLSchema } from 'graphql';
import type { EntityManager } from '@mikro-orm/knex';
import { createRegistryContext, type RegistryContext } from './context';
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
 * checks for the database and the existence of an admin key. Never reads process.env.
 */
export async function buildRegistryServer(deps: RegistryServerDeps): Promise<SubgraphServer> {
  const now = deps.now ?? (() => new Date());
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
      }),
    routes: (app) =>
      mountVerifyKeyRoute(app, {
        orm: deps.orm,
        gatewayTokenSecret: deps.gatewayTokenSecret,
        logger: deps.logger,
        now,
      }),
    readiness: async () => {
      const database = await databaseAnswers(deps.orm);
      const adminKey = database
        ? await adminKeyExists(deps.orm.em.fork() as unknown as EntityManager, now()).catch(() => false)
        : false;
      return { database, adminKey };
    },
  });
}
