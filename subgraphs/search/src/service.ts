import { createLogger, serveSubgraph, type ListenOptions, type RunningService } from '@mcpr/platform';
import type { SearchConfig } from './env';
import { buildSearchServer } from './server';

/** Starts the search subgraph on `at`; `gatewayTokenSecret` is resolved by the caller. */
export async function startSearch(
  config: SearchConfig,
  gatewayTokenSecret: string,
  at: ListenOptions,
): Promise<RunningService> {
  const logger = createLogger('search', config.LOG_LEVEL);
  return serveSubgraph('search', buildSearchServer({ logger, gatewayTokenSecret }), at);
}
