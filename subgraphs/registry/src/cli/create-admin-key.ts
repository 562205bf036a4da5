import 'reflect-metadata';
import { migrateUp } from '@mcpr/platform';
import type { EntityManager } from '@mikro-orm/knex';
import { createAdminKey } from '../domain/bootstrap';
import { loadRegistryEnv } from '../env';
import { openRegistryDatabase } from '../service';

/**
 * `pnpm admin:create-key`: creates a new ADMIN key for the `admin` account with direct database access
 * (for a lost bootstrap key) and prints it once. SQLite is migrated first; PostgreSQL must be migrated.
 */
async function main(): Promise<void> {
  const config = loadRegistryEnv();
  const { target, orm } = await openRegistryDatabase(config);
  try {
    if (target.dialect === 'sqlite') await migrateUp(orm);
    const issued = await createAdminKey(orm.em.fork() as unknown as EntityManager, {
      now: new Date(),
      name: 'admin (cli)',
    });
    process.stdout.write(
      `New ADMIN key for account "admin" (id ${issued.key.id}); it is shown only now:\n${issued.secret}\n`,
    );
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `create-admin-key failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
