export { loadSearchEnv, type SearchConfig } from './env';
export { buildSearchServer } from './server';
export { startSearch } from './service';
export { buildSearchSchema } from './schema/build-schema';
