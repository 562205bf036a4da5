import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@mcpr/platform';
import { Server, ServerVersion } from './entities.type';
import { ServerTrustResolver, VersionScanResolver } from '../resolvers/server-trust.resolver';

/** The trust subgraph schema (also printed by schema/ for composition). */
export function buildTrustSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [ServerTrustResolver, VersionScanResolver],
    orphanedTypes: [Server, ServerVersion],
    referenceResolvers: {
      Server: { __resolveReference: (reference: Partial<Server>) => reference },
      ServerVersion: { __resolveReference: (reference: Partial<ServerVersion>) => reference },
    },
  });
}
