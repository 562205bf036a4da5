import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

const badRequest = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });

/**
 * Refuses, as client mistakes, the operations @apollo/gateway would otherwise fail on with an internal
 * error: an operation that cannot be picked (unknown `operationName`, or several operations and no
 * name — Apollo leaves that to the executor, and the gateway's executor throws), and subscriptions over
 * HTTP (the gateway cannot execute them; they are served over graphql-ws).
 */
export function operationGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (!operation) {
            throw badRequest(
              request.operationName
                ? `Unknown operation named "${request.operationName.slice(0, 100)}".`
                : 'Must provide operation name if query contains multiple operations.',
            );
          }
          if (operation.operation === 'subscription') {
            throw badRequest(
              'Subscriptions are served over graphql-ws (WebSocket) at /graphql, not over HTTP requests.',
            );
          }
        },
      };
    },
  };
}
