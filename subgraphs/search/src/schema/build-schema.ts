import { parse, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { searchTypeDefs } from './search.graphql';

/** The search subgraph schema (also printed by schema/ for composition). */
export function buildSearchSchema(): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(searchTypeDefs) });
}
