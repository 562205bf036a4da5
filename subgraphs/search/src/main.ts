import 'reflect-metadata';
import { createEventBus, createLogger, resolveGatewaySecret, runUntilSignal } from '@mcpr/platform';
import { loadSearchEnv } from './env';
import { startSearch } from './service';

const config = loadSearchEnv();
void runUntilSignal('search', async () => {
  const bus = createEventBus({
    redisUrl: config.REDIS_URL,
    logger: createLogger('search', config.LOG_LEVEL),
  });
  const search = await startSearch(
    config,
    resolveGatewaySecret(config.GATEWAY_TOKEN_SECRET, config.DATA_DIR),
    { host: config.HOST, port: config.SEARCH_PORT },
    { bus },
  );
  return {
    ...search,
    close: async () => {
      await search.close();
      await bus.close();
    },
  };
});
