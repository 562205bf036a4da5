import {
  createLogger,
  createOrm,
  createServiceMetrics,
  migrateUp,
  resolveDatabaseTarget,
  serveSubgraph,
  type DatabaseTarget,
  type EventBus,
  type ListenOptions,
  type Logger,
  type Orm,
  type RunningService,
} from '@mcpr/platform';
import { SqlAnalyticsRepository } from './data/analytics-repository';
import { auditEntities } from './data/entities';
import { auditMigrations } from './data/migrations';
import { openAuditStore } from './data/open-audit-store';
import { resolveSigningKey } from './data/signing-key-file';
import { AnalyticsService } from './domain/analytics';
import { AuditLog } from './domain/audit-log';
import { scheduleCheckpoints } from './domain/checkpoint-schedule';
import type { AuditConfig } from './env';
import { subscribeAnalytics } from './events/analytics-consumer';
import { subscribeAuditLog } from './events/audit-consumer';
import { buildAuditServer } from './server';

/** What the audit service needs from its host (the embedded runtime or `main.ts`). */
export interface AuditServiceDeps {
  /** The platform event bus; the log subscribes as consumer group `audit`. */
  bus: EventBus;
  /** Apply pending migrations at start on PostgreSQL too (SQLite always migrates at boot). */
  migrate?: boolean;
  /** Clock (tests). */
  now?: () => Date;
}

/** A running audit service, with its ORM (tooling, tests) and its log. */
export interface RunningAudit extends RunningService {
  orm: Orm;
  log: AuditLog;
  analytics: AnalyticsService;
}

/**
 * Opens the audit database for `config`: SQLite under DATA_DIR, or PostgreSQL (schema `audit`) when
 * AUDIT_DATABASE_URL or DATABASE_URL is set. Does not migrate (`migrateUp(orm)` does). The target is
 * known at once; the ORM is a promise (as `gateway/src/cli/migrate.ts` uses it).
 */
export function openAuditDatabase(
  config: AuditConfig,
  logger?: Logger,
): { target: DatabaseTarget; orm: Promise<Orm> } {
  const target = resolveDatabaseTarget({
    service: 'audit',
    dataDir: config.DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    serviceDatabaseUrl: config.AUDIT_DATABASE_URL,
  });
  return { target, orm: createOrm({ target, entities: auditEntities, migrations: auditMigrations, logger }) };
}

/**
 * Starts the audit subgraph: database (+ migrations when embedded or asked), the signing key (recorded
 * with its validity), the bus subscriptions (the log, and the analytics aggregates), the checkpoint timer
 * and the HTTP server. `close()` stops
 * the timer, then the subscription (waiting for events in flight to commit), then HTTP, then the
 * database.
 */
export async function startAudit(
  config: AuditConfig,
  gatewayTokenSecret: string,
  at: ListenOptions,
  deps: AuditServiceDeps,
): Promise<RunningAudit> {
  const logger = createLogger('audit', config.LOG_LEVEL);
  const opened = openAuditDatabase(config, logger);
  const { target } = opened;
  const orm = await opened.orm;
  // Consumer lag and HTTP metrics, served at /metrics.
  const metrics = createServiceMetrics('audit');
  const bus = metrics.observeBus(deps.bus);
  const cleanup: (() => Promise<void>)[] = [];
  try {
    // Embedded SQLite migrates at boot; distributed PostgreSQL only through `pnpm migrate` (or deps).
    if (target.dialect === 'sqlite' || deps.migrate) await migrateUp(orm);
    const store = await openAuditStore(orm);
    const signingKey = resolveSigningKey(config.AUDIT_SIGNING_KEY, config.DATA_DIR);
    if (signingKey.source === 'generated') {
      logger.warn({ file: signingKey.file }, 'audit checkpoint signing key generated');
    }
    const log = new AuditLog({
      repository: store.repository,
      signingKey: signingKey.key,
      origin: config.AUDIT_ORIGIN,
      now: deps.now,
      logger,
    });
    await log.start();
    logger.info({ keyId: log.keyId, origin: log.origin }, 'audit log ready');

    const consumer = await subscribeAuditLog(bus, log);
    cleanup.push(() => consumer.close());
    // A separate consumer group: the aggregates also count search.performed, which the log never sees.
    const analytics = new AnalyticsService({
      repository: new SqlAnalyticsRepository(store.analyticsSql),
      now: deps.now,
      retentionMinutes: config.ANALYTICS_RETENTION_MINUTES,
    });
    const analyticsConsumer = await subscribeAnalytics(bus, analytics, { logger });
    cleanup.push(() => analyticsConsumer.close());
    const schedule = scheduleCheckpoints(log, config.AUDIT_CHECKPOINT_INTERVAL_MS, logger);
    cleanup.push(() => schedule.stop());

    const server = await buildAuditServer({ log, analytics, logger, gatewayTokenSecret, orm, bus, metrics });
    const running = await serveSubgraph('audit', server, at, () => orm.close());
    let closing: Promise<void> | undefined;
    return {
      ...running,
      orm,
      log,
      analytics,
      close: () =>
        (closing ??= (async () => {
          await schedule.stop();
          await analyticsConsumer.close();
          await consumer.close();
          await log.idle();
          await running.close();
        })()),
    };
  } catch (error) {
    for (const stop of cleanup.reverse()) await stop().catch(() => undefined);
    await orm.close();
    throw error;
  }
}
