import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@mcpr/platform';
import { SearchResolver } from '../resolvers/search.resolver';
import { Server } from './search.types';

/**
 * The search subgraph schema (also printed by schema/ for composition); needs no engine. Search refers to
 * registry servers by name only and never resolves them (`resolvable: false`).
 */
export function buildSearchSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [SearchResolver], orphanedTypes: [Server] });
}
