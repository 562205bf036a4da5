import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@mcpr/platform';
import { AuditQueryResolver } from '../resolvers/audit.resolver';
import { ServerAuditTrailResolver, VersionAuditTrailResolver } from '../resolvers/audit-trail.resolver';
import { auditReferenceResolvers } from '../resolvers/references';
import { Server, ServerVersion } from './entities.type';

/**
 * The audit subgraph schema (also printed by schema/ for composition). Needs no database: resolvers
 * find the log in the request context.
 */
export function buildAuditSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [AuditQueryResolver, VersionAuditTrailResolver, ServerAuditTrailResolver],
    orphanedTypes: [Server, ServerVersion],
    referenceResolvers: auditReferenceResolvers,
  });
}
