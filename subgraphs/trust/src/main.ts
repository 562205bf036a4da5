import 'reflect-metadata';
import { createEventBus, createLogger, resolveGatewaySecret, runUntilSignal } from '@mcpr/platform';
import { loadTrustEnv } from './env';
import { startTrust } from './service';

// The trust subgraph on its own (distributed mode): registry events arrive over Redis Streams when
// REDIS_URL is set; PostgreSQL migrations are applied by `pnpm migrate`, never here.
const config = loadTrustEnv();
void runUntilSignal('trust', async () => {
  const bus = createEventBus({
    redisUrl: config.REDIS_URL,
    logger: createLogger('trust-bus', config.LOG_LEVEL),
  });
  const trust = await startTrust(
    config,
    resolveGatewaySecret(config.GATEWAY_TOKEN_SECRET, config.DATA_DIR),
    { host: config.HOST, port: config.TRUST_PORT },
    { bus },
  );
  return {
    close: async () => {
      await trust.close();
      await bus.close();
    },
  };
});
