import 'reflect-metadata';
import { resolveGatewaySecret, runUntilSignal } from '@mcpr/platform';
import { loadSearchEnv } from './env';
import { startSearch } from './service';

const config = loadSearchEnv();
void runUntilSignal('search', () =>
  startSearch(config, resolveGatewaySecret(config.GATEWAY_TOKEN_SECRET, config.DATA_DIR), {
    host: config.HOST,
    port: config.SEARCH_PORT,
  }),
);
