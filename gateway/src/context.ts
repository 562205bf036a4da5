import type { Principal } from '@mcpr/platform';
import type { RequestOutcome } from './observability/access-log';

/** Per-request gateway context: the verified principal and the token forwarded to subgraphs. */
export interface GatewayContext {
  principal: Principal;
  requestId: string;
  /** Signed once per request and reused for every subgraph fetch. */
  gatewayToken?: string;
  /** Filled in while the request runs (operation name, error codes) for the access log and metrics. */
  outcome?: RequestOutcome;
}
