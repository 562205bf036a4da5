import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { SecurityEvents } from './security-events';

/** Every FORBIDDEN or UNAUTHENTICATED error in a response becomes an `access.denied` event. */
export function accessDeniedPlugin(events: SecurityEvents): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operationName }) {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            const code = error.extensions?.code;
            if (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED') {
              events.accessDenied(contextValue.principal, operationName ?? null, error.message, error.path);
            }
          }
        },
      };
    },
  };
}
