import type { Principal } from '@mcpr/platform';

/** Per-request gateway context: the verified principal and the token forwarded to subgraphs. */
export interface GatewayContext {
  principal: Principal;
  requestId: string;
  /** Signed once per request and reused for every subgraph fetch. */
  gatewayToken?: string;
}
