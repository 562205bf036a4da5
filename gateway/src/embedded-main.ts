import 'reflect-metadata';
import { resolve } from 'node:path';
import { createLogger, runUntilSignal } from '@mcpr/platform';
import { disableApolloTelemetry, loadGatewayEnv, rawEnvironment } from './env';
import { startEmbeddedPlatform } from './embedded';

// `npm start`: the whole platform in one process on embedded defaults.
disableApolloTelemetry();
const env = rawEnvironment();
const logger = createLogger('mcp-registry', loadGatewayEnv(env).LOG_LEVEL);

void runUntilSignal('mcp-registry', async () => {
  const platform = await startEmbeddedPlatform({ env });
  const lines = [
    '',
    `  MCP Registry is running (embedded mode, data in ${resolve(platform.dataDir)})`,
    `  GraphQL API:   ${platform.gateway.url}/graphql`,
    `  Health:        ${platform.gateway.url}/health   Ready: ${platform.gateway.url}/ready`,
    platform.createdAdminKey
      ? `  Admin key (shown once; also saved to ${resolve(platform.adminKeyFile)}):\n    ${platform.createdAdminKey}`
      : `  Admin key:     see ${resolve(platform.adminKeyFile)} (created on first start)`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  logger.info({ url: platform.gateway.url }, 'embedded platform started');
  return platform;
});
