import { parse, specifiedDirectives, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import { scalarsMap } from './scalars';

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])`;

export type ReferenceResolvers = Record<
  string,
  { __resolveReference: (reference: any, context: any) => unknown }
>;

export interface FederatedSchemaOptions {
  resolvers: BuildSchemaOptions['resolvers'];
  /** Types no root field reaches (entity stubs that only add fields); type-graphql drops them otherwise. */
  orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  referenceResolvers?: ReferenceResolvers;
  /**
   * Needed by type-graphql as soon as a resolver declares `@Subscription` (even with its own `subscribe`
   * function). Subgraphs only declare subscriptions for composition; the gateway executes them.
   */
  pubSub?: BuildSchemaOptions['pubSub'];
}

/**
 * type-graphql → Apollo subgraph bridge: build with type-graphql (skipCheck, since a subgraph may have
 * no Query of its own), print with directives, then let @apollo/subgraph add _service/_entities.
 */
export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    ...(options.pubSub ? { pubSub: options.pubSub } : {}),
    scalarsMap,
    skipCheck: true,
    validate: false,
    directives: [...specifiedDirectives],
  });
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = {
      ...(resolvers[typeName] as object),
      ...reference,
    } as GraphQLResolverMap<unknown>[string];
  }
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    resolvers,
  });
}

/** The SDL a subgraph contributes to composition. */
export function printSubgraphSdl(schema: GraphQLSchema): string {
  return printSubgraphSchema(schema);
}
