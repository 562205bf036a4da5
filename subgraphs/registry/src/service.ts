import {
  createLogger,
  createOrm,
  migrateUp,
  OutboxRelay,
  resolveDatabaseTarget,
  resolveGatewaySecret,
  serveSubgraph,
  type DatabaseTarget,
  type EventBus,
  type ListenOptions,
  type Logger,
  type Orm,
  type RunningService,
} from '@mcpr/platform';
import type { EntityManager } from '@mikro-orm/knex';
import { registryEntities } from './data/entities';
import { registryMigrations } from './data/migrations';
import { ensureBootstrapAdmin, type BootstrapResult } from './domain/bootstrap';
import type { RegistryConfig } from './env';
import { buildRegistryServer } from './server';

export interface StartRegistryOptions {
  /** Apply pending migrations at start even on PostgreSQL (SQLite always migrates at boot). */
  migrate?: boolean;
  /** The gateway token secret; default GATEWAY_TOKEN_SECRET, else the one generated into DATA_DIR. */
  gatewayTokenSecret?: string;
  /** Where the outbox relay publishes registry events; without one, events wait in the outbox. */
  bus?: EventBus;
  /** Log the created bootstrap key (standalone); the embedded runtime prints it in its banner instead. */
  logBootstrapKey?: boolean;
}

/** A running registry, with its ORM (for tooling and tests) and what the bootstrap did. */
export interface RunningRegistry extends RunningService {
  orm: Orm;
  bootstrap: BootstrapResult;
}

/**
 * Opens the registry database for `config`: SQLite under DATA_DIR, or PostgreSQL (schema `registry`)
 * when REGISTRY_DATABASE_URL or DATABASE_URL is set. Does not migrate.
 */
export async function openRegistryDatabase(
  config: RegistryConfig,
  logger: Logger = createLogger('registry', config.LOG_LEVEL),
): Promise<{ target: DatabaseTarget; orm: Orm }> {
  const target = resolveDatabaseTarget({
    service: 'registry',
    dataDir: config.DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    serviceDatabaseUrl: config.REGISTRY_DATABASE_URL,
  });
  return {
    target,
    orm: await createOrm({ target, entities: registryEntities, migrations: registryMigrations, logger }),
  };
}

/**
 * Starts the registry subgraph: database (+ migrations when embedded or asked), the bootstrap admin key,
 * the server, then listens. `close()` stops HTTP, then Apollo, then the database.
 */
export async function startRegistry(
  config: RegistryConfig,
  at: ListenOptions,
  opts: StartRegistryOptions = {},
): Promise<RunningRegistry> {
  const logger = createLogger('registry', config.LOG_LEVEL);
  const { target, orm } = await openRegistryDatabase(config, logger);
  try {
    // Embedded SQLite migrates at boot; distributed PostgreSQL only through `pnpm migrate` (or opts).
    if (target.dialect === 'sqlite' || opts.migrate) await migrateUp(orm);
    const bootstrap = await ensureBootstrapAdmin(orm.em.fork() as unknown as EntityManager, {
      dataDir: config.DATA_DIR,
      configuredKey: config.MCPR_BOOTSTRAP_ADMIN_KEY,
      now: new Date(),
    });
    if (bootstrap.created) {
      // Printed once, on purpose: the operator needs the first key to do anything at all.
      logger.warn(
        bootstrap.key === config.MCPR_BOOTSTRAP_ADMIN_KEY || opts.logBootstrapKey === false
          ? { file: bootstrap.file }
          : { file: bootstrap.file, bootstrapAdminKey: bootstrap.key },
        `bootstrap admin key created; saved to ${bootstrap.file}`,
      );
    }
    const gatewayTokenSecret =
      opts.gatewayTokenSecret ?? resolveGatewaySecret(config.GATEWAY_TOKEN_SECRET, config.DATA_DIR);
    const server = await buildRegistryServer({ orm, logger, gatewayTokenSecret, bus: opts.bus });
    // The relay resends whatever an earlier process committed but did not publish, then follows commits.
    const relay = opts.bus
      ? new OutboxRelay({ orm, bus: opts.bus, logger, metrics: server.metrics })
      : undefined;
    await relay?.start();
    const running = await serveSubgraph('registry', server, at, async () => {
      await relay?.stop();
      await orm.close();
    });
    return { ...running, orm, bootstrap };
  } catch (error) {
    await orm.close();
    throw error;
  }
}
