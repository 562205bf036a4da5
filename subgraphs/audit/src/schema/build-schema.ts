import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@mcpr/platform';
import { AnalyticsQueryResolver } from '../resolvers/analytics.resolver';
import { AuditQueryResolver } from '../resolvers/audit.resolver';
import { ServerAuditTrailResolver, VersionAuditTrailResolver } from '../resolvers/audit-trail.resolver';
import {
  ActivityEventResolver,
  LiveSubscriptionResolver,
  SUBSCRIPTIONS_AT_GATEWAY,
} from '../resolvers/live.resolver';
import { auditReferenceResolvers } from '../resolvers/references';
import { Server, ServerVersion } from './entities.type';

/** type-graphql wants a PubSub once `@Subscription` is declared; nothing here ever subscribes through it. */
const NO_PUBSUB = {
  publish: () => undefined,
  subscribe: (): AsyncIterable<unknown> => {
    throw new Error(SUBSCRIPTIONS_AT_GATEWAY);
  },
};

/**
 * The audit subgraph schema (also printed by schema/ for composition). Needs no database: resolvers
 * find the log and the analytics in the request context.
 */
export function buildAuditSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      AuditQueryResolver,
      AnalyticsQueryResolver,
      VersionAuditTrailResolver,
      ServerAuditTrailResolver,
      LiveSubscriptionResolver,
      ActivityEventResolver,
    ],
    orphanedTypes: [Server, ServerVersion],
    referenceResolvers: auditReferenceResolvers,
    pubSub: NO_PUBSUB,
  });
}
