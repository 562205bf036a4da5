import { randomUUID } from 'node:crypto';
import { createSubgraphServer, type EventBus, type Logger, type SubgraphServer } from '@mcpr/platform';
import type { SearchContext } from './context';
import type { SearchService } from './domain/hybrid-search';
import type { SearchEventSampler } from './events/search-events';
import { buildSearchSchema } from './schema/build-schema';

export { buildSearchSchema };

export interface SearchServerDeps {
  search: SearchService;
  logger: Logger;
  /** Verifies gateway tokens. */
  gatewayTokenSecret: string;
  /** Publishes sampled `search.performed` events. */
  events?: SearchEventSampler;
  /** For /ready: whether the embedder is warm and the index rebuilt. */
  isWarm?: () => boolean;
  /** For /ready: whether the search database answers. */
  database?: () => Promise<boolean>;
  /** For /ready: the bus search consumes from. */
  bus?: EventBus;
  introspection?: boolean;
}

/** The search subgraph: public `search` and `recommendTools` over the in-memory index. Never reads process.env. */
export async function buildSearchServer(deps: SearchServerDeps): Promise<SubgraphServer> {
  return createSubgraphServer<SearchContext>({
    name: 'search',
    schema: await buildSearchSchema(),
    logger: deps.logger,
    gatewayTokenSecret: deps.gatewayTokenSecret,
    introspection: deps.introspection,
    createContext: (info) => ({
      search: deps.search,
      ...(deps.events ? { events: deps.events } : {}),
      principal: info.principal,
      logger: info.logger,
      requestId: info.requestId ?? randomUUID(),
    }),
    readiness: async () => ({
      index: deps.isWarm ? deps.isWarm() : true,
      ...(deps.database ? { database: await deps.database().catch(() => false) } : {}),
      ...(deps.bus ? { bus: await deps.bus.healthy().catch(() => false) } : {}),
    }),
  });
}
