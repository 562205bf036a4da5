import 'reflect-metadata';
import { migrateUp, type Orm } from '@mcpr/platform';
import { loadRegistryEnv, openRegistryDatabase } from '@mcpr/registry';
import { loadAuditEnv, openAuditDatabase } from '@mcpr/audit';
import { rawEnvironment } from '../env';

/**
 * `pnpm migrate`: applies pending migrations of every subgraph that owns a database, on the configured
 * target (PostgreSQL when DATABASE_URL / <NAME>_DATABASE_URL is set, else the embedded SQLite files).
 * Distributed deployments run this before starting services; services never migrate PostgreSQL at boot.
 */
async function main(): Promise<void> {
  const env = rawEnvironment();
  const databases: { name: string; open: () => Promise<{ target: { dialect: string }; orm: Orm }> }[] = [
    { name: 'registry', open: () => openRegistryDatabase(loadRegistryEnv(env)) },
    {
      name: 'audit',
      open: async () => {
        const { target, orm } = openAuditDatabase(loadAuditEnv(env));
        return { target, orm: await orm };
      },
    },
  ];
  for (const database of databases) {
    const { target, orm } = await database.open();
    try {
      const applied = await migrateUp(orm);
      process.stdout.write(
        `${database.name} (${target.dialect}): ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}\n`,
      );
    } finally {
      await orm.close();
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`migration failed: ${(error as Error).message}\n`);
  process.exit(1);
});
