import 'reflect-metadata';
import { createEventBus, createLogger, resolveGatewaySecret, runUntilSignal } from '@mcpr/platform';
import { disableApolloTelemetry, loadGatewayEnv } from './env';
import { startGateway, subgraphUrlsFromConfig } from './service';

// Distributed mode: the gateway alone, in front of subgraphs running as their own processes; its
// security events go to Redis Streams when REDIS_URL is set.
disableApolloTelemetry();
const config = loadGatewayEnv();
void runUntilSignal('gateway', async () => {
  const bus = createEventBus({
    redisUrl: config.REDIS_URL,
    logger: createLogger('gateway-bus', config.LOG_LEVEL),
  });
  const gateway = await startGateway(
    {
      config,
      subgraphUrls: subgraphUrlsFromConfig(config),
      secret: resolveGatewaySecret(config.GATEWAY_TOKEN_SECRET, config.DATA_DIR),
      bus,
    },
    { host: config.HOST, port: config.PORT },
  );
  return {
    close: async () => {
      await gateway.close();
      await bus.close();
    },
  };
});
