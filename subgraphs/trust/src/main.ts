import 'reflect-metadata';
import { resolveGatewaySecret, runUntilSignal } from '@mcpr/platform';
import { loadTrustEnv } from './env';
import { startTrust } from './service';

const config = loadTrustEnv();
void runUntilSignal('trust', () =>
  startTrust(config, resolveGatewaySecret(config.GATEWAY_TOKEN_SECRET, config.DATA_DIR), {
    host: config.HOST,
    port: config.TRUST_PORT,
  }),
);
