import { graphqlOutcomePlugin } from '@mcpr/platform';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

/** Records the operation name and every error code of a response into the request's outcome. */
export function outcomePlugin(): ApolloServerPlugin<GatewayContext> {
  return graphqlOutcomePlugin<GatewayContext>((context) => context.outcome);
}
