import { createLogger, serveSubgraph, type ListenOptions, type RunningService } from '@mcpr/platform';
import type { TrustConfig } from './env';
import { buildTrustServer } from './server';

/** Starts the trust subgraph on `at`; `gatewayTokenSecret` is resolved by the caller. */
export async function startTrust(config: TrustConfig, gatewayTokenSecret: string, at: ListenOptions): Promise<RunningService> {
  const logger = createLogger('trust', config.LOG_LEVEL);
  return serveSubgraph('trust', await buildTrustServer({ logger, gatewayTokenSecret }), at);
}
