import 'reflect-metadata';
import { createEventBus, createLogger, runUntilSignal } from '@mcpr/platform';
import { loadRegistryEnv } from './env';
import { startRegistry } from './service';

// The registry on its own (distributed mode): its outbox relay publishes to Redis Streams when REDIS_URL
// is set; PostgreSQL migrations are applied by `pnpm migrate`, never here.
const config = loadRegistryEnv();
void runUntilSignal('registry', async () => {
  const bus = createEventBus({
    redisUrl: config.REDIS_URL,
    logger: createLogger('registry-bus', config.LOG_LEVEL),
  });
  const registry = await startRegistry(config, { host: config.HOST, port: config.REGISTRY_PORT }, { bus });
  return {
    close: async () => {
      await registry.close();
      await bus.close();
    },
  };
});
