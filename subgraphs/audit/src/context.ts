import { randomUUID } from 'node:crypto';
import type { Logger, Principal } from '@mcpr/platform';
import type { AnalyticsService } from './domain/analytics';
import type { AuditLog } from './domain/audit-log';
import { TrailLoader } from './data/trail-loader';

/** What every audit resolver receives; built once per request. */
export interface AuditContext {
  log: AuditLog;
  /** The analytics aggregates (absent in tests that only exercise the log). */
  analytics?: AnalyticsService;
  trails: TrailLoader;
  principal: Principal;
  logger: Logger;
  requestId: string;
}

export interface AuditContextInput {
  log: AuditLog;
  analytics?: AnalyticsService;
  principal: Principal;
  logger: Logger;
  requestId?: string;
}

/** A request's context: the log, a fresh trail loader and the verified principal. Tests use it too. */
export function createAuditContext(input: AuditContextInput): AuditContext {
  return {
    log: input.log,
    ...(input.analytics ? { analytics: input.analytics } : {}),
    trails: new TrailLoader(input.log),
    principal: input.principal,
    logger: input.logger,
    requestId: input.requestId ?? randomUUID(),
  };
}
