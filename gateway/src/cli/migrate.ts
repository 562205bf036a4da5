import 'reflect-metadata';
import { rawEnvironment } from '../env';
import { migrateAll } from '../migrations';

/**
 * `pnpm migrate`: applies pending migrations of every subgraph that owns a database. Distributed
 * deployments run this before starting services; services never migrate PostgreSQL at boot.
 */
migrateAll(rawEnvironment()).then(
  (reports) => {
    for (const { service, dialect, applied } of reports) {
      process.stdout.write(
        `${service} (${dialect}): ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}\n`,
      );
    }
  },
  (error: unknown) => {
    process.stderr.write(`migration failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
