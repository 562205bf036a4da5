import { createLogger, serveSubgraph, type ListenOptions, type RunningService } from '@mcpr/platform';
import type { AuditConfig } from './env';
import { buildAuditServer } from './server';

/** Starts the audit subgraph on `at`; `gatewayTokenSecret` is resolved by the caller. */
export async function startAudit(config: AuditConfig, gatewayTokenSecret: string, at: ListenOptions): Promise<RunningService> {
  const logger = createLogger('audit', config.LOG_LEVEL);
  return serveSubgraph('audit', buildAuditServer({ logger, gatewayTokenSecret }), at);
}
