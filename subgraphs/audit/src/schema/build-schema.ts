import { parse, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { auditTypeDefs } from './audit.graphql';

/** The audit subgraph schema (also printed by schema/ for composition). */
export function buildAuditSchema(): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: parse(auditTypeDefs),
    resolvers: { ServerVersion: { __resolveReference: (reference: { id: string }) => reference } } as never,
  });
}
