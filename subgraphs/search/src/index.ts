export { embedderKindOf, loadSearchEnv, type SearchConfig } from './env';
export { buildSearchServer, type SearchServerDeps } from './server';
export { openSearchDatabase, startSearch, type RunningSearch, type SearchServiceDeps } from './service';
export { searchMigrations } from './data/migrations';
export { buildSearchSchema } from './schema/build-schema';
export { createEmbedder, createSearchRuntime, type SearchRuntime } from './data/search-runtime';
export { SearchIndexer, SEARCH_EVENT_TYPES } from './events/search-indexer';
export { SEARCH_PERFORMED } from './events/search-events';
