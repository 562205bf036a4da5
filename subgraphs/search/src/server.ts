import { randomUUID } from 'node:crypto';
import {
  createSubgraphServer,
  INTERNAL_TOKEN_HEADER,
  isInternalServiceToken,
  type EventBus,
  type Logger,
  type ServiceMetrics,
  type SubgraphServer,
} from '@mcpr/platform';
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
  /** Served at /metrics (default: a registry of the server's own). */
  metrics?: ServiceMetrics;
  /** Served at GET /stats (open, like /ready): index size, embedding counters and time spent embedding. */
  stats?: () => Record<string, unknown>;
  /** POST /internal/reload (internal token): rebuilds the index from the search database (`reindex`). */
  reload?: () => Promise<Record<string, unknown>>;
}

/** Path the `reindex` command calls on every running search instance. Not part of the supergraph. */
export const RELOAD_PATH = '/internal/reload';

/** The search subgraph: public `search` and `recommendTools` over the in-memory index. Never reads process.env. */
export async function buildSearchServer(deps: SearchServerDeps): Promise<SubgraphServer> {
  return createSubgraphServer<SearchContext>({
    name: 'search',
    schema: await buildSearchSchema(),
    logger: deps.logger,
    gatewayTokenSecret: deps.gatewayTokenSecret,
    introspection: deps.introspection,
    metrics: deps.metrics,
    createContext: (info) => ({
      search: deps.search,
      ...(deps.events ? { events: deps.events } : {}),
      principal: info.principal,
      logger: info.logger,
      requestId: info.requestId ?? randomUUID(),
    }),
    routes: (app) => {
      const stats = deps.stats;
      if (stats) app.get('/stats', (_req, res) => void res.json(stats()));
      const reload = deps.reload;
      if (reload)
        app.post(RELOAD_PATH, async (req, res) => {
          if (!isInternalServiceToken(req.header(INTERNAL_TOKEN_HEADER), deps.gatewayTokenSecret)) {
            res.status(401).json({ ok: false, error: 'internal token required' });
            return;
          }
          try {
            res.json({ ok: true, ...(await reload()) });
          } catch (error) {
            deps.logger.error({ err: error }, 'search reload failed');
            res.status(500).json({ ok: false, error: 'reload failed' });
          }
        });
    },
    readiness: async () => ({
      index: deps.isWarm ? deps.isWarm() : true,
      ...(deps.database ? { database: await deps.database().catch(() => false) } : {}),
      ...(deps.bus ? { bus: await deps.bus.healthy().catch(() => false) } : {}),
    }),
  });
}
