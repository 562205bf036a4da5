import 'reflect-metadata';
import { createEventBus, createLogger, resolveGatewaySecret, runUntilSignal } from '@mcpr/platform';
import { loadAuditEnv } from './env';
import { startAudit } from './service';

// The audit subgraph on its own (distributed mode): events arrive over Redis Streams when REDIS_URL
// is set; PostgreSQL migrations are applied by `pnpm migrate`, never here.
const config = loadAuditEnv();
void runUntilSignal('audit', async () => {
  const bus = createEventBus({
    redisUrl: config.REDIS_URL,
    logger: createLogger('audit-bus', config.LOG_LEVEL),
  });
  const audit = await startAudit(
    config,
    resolveGatewaySecret(config.GATEWAY_TOKEN_SECRET, config.DATA_DIR),
    { host: config.HOST, port: config.AUDIT_PORT },
    { bus },
  );
  return {
    close: async () => {
      await audit.close();
      await bus.close();
    },
  };
});
