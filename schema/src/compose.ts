import { parse, printSchema } from 'graphql';
import { composeServices } from '@apollo/composition';

export interface Composed {
  supergraphSdl: string;
  apiSdl: string;
}

/** Placeholder URLs: the gateway maps subgraph names to real URLs at start. */
export const placeholderUrl = (name: string) => `http://${name}.subgraph.invalid/graphql`;

/** Composes subgraph SDLs into the supergraph and the client-facing API schema; throws with every error. */
export function compose(subgraphs: { name: string; sdl: string }[]): Composed {
  const result = composeServices(
    subgraphs.map(({ name, sdl }) => ({ name, url: placeholderUrl(name), typeDefs: parse(sdl) })),
  );
  if (result.errors) {
    throw new Error(
      `Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`,
    );
  }
  return {
    supergraphSdl: result.supergraphSdl,
    apiSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()) + '\n',
  };
}
