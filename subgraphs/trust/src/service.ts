import {
  createLogger,
  createOrm,
  createServiceMetrics,
  migrateUp,
  OutboxRelay,
  resolveDatabaseTarget,
  serveSubgraph,
  type BusSubscription,
  type DatabaseTarget,
  type EventBus,
  type ListenOptions,
  type Logger,
  type Orm,
  type RunningService,
} from '@mcpr/platform';
import { trustEntities } from './data/entities';
import { trustMigrations } from './data/migrations';
import type { TrustRules } from './domain/context';
import type { TrustConfig } from './env';
import { subscribeTrustConsumer } from './events/trust-consumer';
import { buildTrustServer } from './server';

/** What the trust service needs from its host (the embedded runtime or `main.ts`). */
export interface TrustServiceDeps {
  /** The platform bus: trust consumes registry events as group `trust` and publishes its own through its outbox. */
  bus: EventBus;
  /** Apply pending migrations at start on PostgreSQL too (SQLite always migrates at boot). */
  migrate?: boolean;
  /** Clock (tests). */
  now?: () => Date;
}

/** A running trust service, with its ORM (tooling, tests). */
export interface RunningTrust extends RunningService {
  orm: Orm;
}

/** The trust rules from configuration. */
export function trustRulesOf(config: TrustConfig): TrustRules {
  return { minInstalls: config.COMMUNITY_TRUSTED_MIN_INSTALLS };
}

/**
 * Opens the trust database for `config`: SQLite under DATA_DIR, or PostgreSQL (schema `trust`) when
 * TRUST_DATABASE_URL or DATABASE_URL is set. Does not migrate (`migrateUp(orm)` does).
 */
export async function openTrustDatabase(
  config: TrustConfig,
  logger: Logger = createLogger('trust', config.LOG_LEVEL),
): Promise<{ target: DatabaseTarget; orm: Orm }> {
  const target = resolveDatabaseTarget({
    service: 'trust',
    dataDir: config.DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    serviceDatabaseUrl: config.TRUST_DATABASE_URL,
  });
  return {
    target,
    orm: await createOrm({ target, entities: trustEntities, migrations: trustMigrations, logger }),
  };
}

/**
 * Starts the trust subgraph: database (+ migrations when embedded or asked), the bus subscription (group
 * `trust`, before the relay: on the in-process bus a group only receives what is published after it
 * subscribed), the outbox relay (resends what an earlier process left, then follows commits), then HTTP.
 * `close()` stops the relay, then the subscription (waiting for the event in flight), then HTTP, then the
 * database.
 */
export async function startTrust(
  config: TrustConfig,
  gatewayTokenSecret: string,
  at: ListenOptions,
  deps: TrustServiceDeps,
): Promise<RunningTrust> {
  const logger = createLogger('trust', config.LOG_LEVEL);
  const { target, orm } = await openTrustDatabase(config, logger);
  const rules = trustRulesOf(config);
  // Consumer lag, outbox backlog and HTTP metrics, all served at /metrics.
  const metrics = createServiceMetrics('trust');
  const bus = metrics.observeBus(deps.bus);
  let subscription: BusSubscription | undefined;
  let relay: OutboxRelay | undefined;
  try {
    // Embedded SQLite migrates at boot; distributed PostgreSQL only through `pnpm migrate` (or deps).
    if (target.dialect === 'sqlite' || deps.migrate) await migrateUp(orm);
    subscription = await subscribeTrustConsumer({ bus, orm, rules, logger, now: deps.now });
    relay = new OutboxRelay({ orm, bus, logger, metrics });
    await relay.start();
    const server = await buildTrustServer({
      orm,
      logger,
      gatewayTokenSecret,
      rules,
      bus,
      now: deps.now,
      metrics,
    });
    const running = await serveSubgraph('trust', server, at, () => orm.close());
    const started = { relay, subscription };
    let closing: Promise<void> | undefined;
    return {
      ...running,
      orm,
      close: () =>
        (closing ??= (async () => {
          await started.relay.stop();
          await started.subscription.close();
          await running.close();
        })()),
    };
  } catch (error) {
    await relay?.stop().catch(() => undefined);
    await subscription?.close().catch(() => undefined);
    await orm.close();
    throw error;
  }
}
