import 'reflect-metadata';
import { join } from 'node:path';
import { writeInitialMigrations } from '@mcpr/platform';
import { trustEntities } from './entities';

/**
 * Tooling: writes the initial trust migrations from the entities (`node dist/data/generate-migration.js
 * [postgres url]`). From src/data or dist/data alike: the migrations live in the sources.
 */
if (require.main === module) {
  writeInitialMigrations({
    service: 'trust',
    entities: trustEntities,
    migrationsDir: join(__dirname, '../../src/data/migrations'),
    postgresUrl: process.argv[2],
  }).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
