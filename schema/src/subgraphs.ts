import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { printSubgraphSdl } from '@mcpr/platform';
import { buildRegistrySchema } from '@mcpr/registry';
import { buildTrustSchema } from '@mcpr/trust';
import { buildAuditSchema } from '@mcpr/audit';
import { buildSearchSchema } from '@mcpr/search';

/** Every subgraph of the supergraph, in composition order, with the function that builds its schema. */
export const SUBGRAPHS: { name: string; build: () => GraphQLSchema | Promise<GraphQLSchema> }[] = [
  { name: 'registry', build: buildRegistrySchema },
  { name: 'trust', build: buildTrustSchema },
  { name: 'audit', build: buildAuditSchema },
  { name: 'search', build: buildSearchSchema },
];

/** Each subgraph's SDL as composition sees it. */
export async function printSubgraphs(): Promise<{ name: string; sdl: string }[]> {
  return Promise.all(
    SUBGRAPHS.map(async ({ name, build }) => ({ name, sdl: printSubgraphSdl(await build()) })),
  );
}
