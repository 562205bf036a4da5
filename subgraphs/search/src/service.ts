import {
  createLogger,
  createServiceMetrics,
  createOrm,
  databaseAnswers,
  migrateUp,
  resolveDatabaseTarget,
  serveSubgraph,
  type BusSubscription,
  type DatabaseTarget,
  type EventBus,
  type ListenOptions,
  type Logger,
  type Orm,
  type RunningService,
} from '@mcpr/platform';
import { searchMigrations } from './data/migrations';
import { OrmSearchStateStore, searchEntities } from './data/state-store';
import { OrmVectorStore } from './data/vector-store';
import type { Embedder } from './domain/embedder';
import type { SearchService } from './domain/hybrid-search';
import { createSearchRuntime, type SearchRuntimeOverrides } from './data/search-runtime';
import type { SearchConfig } from './env';
import { subscribeSearchConsumer } from './events/search-consumer';
import { SearchEventSampler } from './events/search-events';
import { SearchIndexer } from './events/search-indexer';
import { registerSearchIndexGauges, type SearchIndexSample } from './search-metrics';
import { buildSearchServer } from './server';

/** What the search service needs from its host (the embedded runtime or `main.ts`). */
export interface SearchServiceDeps {
  /** The platform bus: search consumes registry and trust events as group `search` and publishes `search.performed`. */
  bus: EventBus;
  /** Replaces the configured embedder (tests). */
  embedder?: Embedder;
  /** Replaces engines or the engine configuration (tests). */
  overrides?: Omit<SearchRuntimeOverrides, 'embedder'>;
  /** Apply pending migrations at start on PostgreSQL too (SQLite always migrates at boot). */
  migrate?: boolean;
}

/**
 * Opens the search database for `config`: SQLite under DATA_DIR, or PostgreSQL (schema `search`) when
 * SEARCH_DATABASE_URL or DATABASE_URL is set. Does not migrate (`migrateUp(orm)` does).
 */
export async function openSearchDatabase(
  config: SearchConfig,
  logger: Logger = createLogger('search', config.LOG_LEVEL),
): Promise<{ target: DatabaseTarget; orm: Orm }> {
  const target = resolveDatabaseTarget({
    service: 'search',
    dataDir: config.DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    serviceDatabaseUrl: config.SEARCH_DATABASE_URL,
  });
  return {
    target,
    orm: await createOrm({ target, entities: searchEntities, migrations: searchMigrations, logger }),
  };
}

/** A running search service, with its index (tests, tooling). */
export interface RunningSearch extends RunningService {
  orm: Orm;
  search: SearchService;
  indexer: SearchIndexer;
  /** Resolves once the embedder is warm (or failed to warm: then vectors degrade, keyword still answers). */
  warmed: Promise<void>;
}

/**
 * Starts the search subgraph: engines and embedder, the bus subscription (group `search`; on the in-process
 * bus it must exist before the registry publishes), HTTP, and warms the embedder in the background (/ready
 * reports `index: false` until it is warm). The index lives in memory; the manifests and signals it was built
 * from persist in the search database and the index is rebuilt from them at start (document vectors persist by content hash, so unchanged texts are not re-embedded).
 * `close()` stops the subscription (waiting for the event in flight), then HTTP, then the embedder and the
 * database.
 */
export async function startSearch(
  config: SearchConfig,
  gatewayTokenSecret: string,
  at: ListenOptions,
  deps: SearchServiceDeps,
): Promise<RunningSearch> {
  const logger = createLogger('search', config.LOG_LEVEL);
  const { target, orm } = await openSearchDatabase(config, logger);
  const runtime = createSearchRuntime(config, logger, {
    vectorStore: new OrmVectorStore(orm),
    ...deps.overrides,
    ...(deps.embedder ? { embedder: deps.embedder } : {}),
  });
  let subscription: BusSubscription | undefined;
  try {
    // Embedded SQLite migrates at boot; distributed PostgreSQL only through `pnpm migrate` (or deps).
    if (target.dialect === 'sqlite' || deps.migrate) await migrateUp(orm);
    await runtime.prepare();
    const indexer = new SearchIndexer(runtime.service, logger, new OrmSearchStateStore(orm));
    // Rebuild the in-memory index from the persisted manifests before consuming new events.
    const restored = await indexer.restore();
    if (restored) logger.info({ servers: restored }, 'search index rebuilt');
    const metrics = createServiceMetrics('search'); // /metrics: HTTP, and the `search` group's event lag
    const indexSample = (): SearchIndexSample => ({
      servers: indexer.serverCount,
      tools: runtime.service.toolCount,
      serversWithoutVectors: indexer.serversWithoutVectors,
      documentTextsPending: runtime.documents?.pending ?? 0,
    });
    registerSearchIndexGauges(metrics, indexSample);
    subscription = await subscribeSearchConsumer({ bus: metrics.observeBus(deps.bus), indexer, logger });
    let warm = false;
    const warmed = runtime.embedder.warm().then(
      () => {
        warm = true;
      },
      (error: unknown) => {
        logger.error({ err: error }, 'embedder failed to warm; semantic search will be degraded');
      },
    );
    const server = await buildSearchServer({
      metrics,
      search: runtime.service,
      logger,
      gatewayTokenSecret,
      events: new SearchEventSampler(deps.bus, config.SEARCH_EVENT_SAMPLE_RATE, logger),
      isWarm: () => warm,
      bus: deps.bus,
      database: () => databaseAnswers(orm),
      stats: () => {
        const { documentTextsPending, ...index } = indexSample();
        return {
          index,
          queryEmbedding: {
            hits: runtime.queries.hits,
            misses: runtime.queries.misses,
            embedMs: runtime.queries.embedMs,
          },
          documentEmbedding: {
            pending: documentTextsPending,
            embedded: runtime.documents?.embedded ?? 0,
            failed: runtime.documents?.failed ?? 0,
          },
        };
      },
      reload: () => indexer.reload(),
    });
    const running = await serveSubgraph('search', server, at, async () => {
      await indexer.close();
      await runtime.close();
      await orm.close();
    });
    const sub = subscription;
    let closing: Promise<void> | undefined;
    return {
      ...running,
      orm,
      search: runtime.service,
      indexer,
      warmed,
      close: () =>
        (closing ??= (async () => {
          await sub.close();
          await indexer.close();
          await warmed;
          await running.close();
        })()),
    };
  } catch (error) {
    await subscription?.close().catch(() => undefined);
    await runtime.close().catch(() => undefined);
    await orm.close();
    throw error;
  }
}
