import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

/** Records the operation name and every error code of a response into the request's outcome. */
export function outcomePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operationName }) {
          const outcome = contextValue.outcome;
          if (!outcome) return;
          if (operationName) outcome.operationName = operationName;
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            const code = error.extensions?.code;
            outcome.errorCodes.push(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
          }
        },
      };
    },
  };
}
