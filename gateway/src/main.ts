import 'reflect-metadata';
import { resolveGatewaySecret, runUntilSignal } from '@mcpr/platform';
import { disableApolloTelemetry, loadGatewayEnv } from './env';
import { startGateway, subgraphUrlsFromConfig } from './service';

// Distributed mode: the gateway alone, in front of subgraphs running as their own processes.
disableApolloTelemetry();
const config = loadGatewayEnv();
void runUntilSignal('gateway', () =>
  startGateway(
    {
      config,
      subgraphUrls: subgraphUrlsFromConfig(config),
      secret: resolveGatewaySecret(config.GATEWAY_TOKEN_SECRET, config.DATA_DIR),
    },
    { host: config.HOST, port: config.PORT },
  ),
);
