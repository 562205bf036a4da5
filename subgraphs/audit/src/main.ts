import 'reflect-metadata';
import { resolveGatewaySecret, runUntilSignal } from '@mcpr/platform';
import { loadAuditEnv } from './env';
import { startAudit } from './service';

const config = loadAuditEnv();
void runUntilSignal('audit', () =>
  startAudit(config, resolveGatewaySecret(config.GATEWAY_TOKEN_SECRET, config.DATA_DIR), {
    host: config.HOST,
    port: config.AUDIT_PORT,
  }),
);
