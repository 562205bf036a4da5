import { migrateUp, type Orm } from '@mcpr/platform';
import { loadRegistryEnv, openRegistryDatabase } from '@mcpr/registry';
import { loadAuditEnv, openAuditDatabase } from '@mcpr/audit';
import { loadTrustEnv, openTrustDatabase } from '@mcpr/trust';
import { loadSearchEnv, openSearchDatabase } from '@mcpr/search';

export interface MigrationReport {
  service: string;
  dialect: string;
  applied: string[];
}

/** Every subgraph that owns a database, with how to open it from an environment. */
const DATABASES: {
  service: string;
  open: (env: Record<string, string | undefined>) => Promise<{ target: { dialect: string }; orm: Orm }>;
}[] = [
  { service: 'registry', open: (env) => openRegistryDatabase(loadRegistryEnv(env)) },
  {
    service: 'audit',
    open: async (env) => {
      const { target, orm } = openAuditDatabase(loadAuditEnv(env));
      return { target, orm: await orm };
    },
  },
  { service: 'trust', open: (env) => openTrustDatabase(loadTrustEnv(env)) },
  { service: 'search', open: (env) => openSearchDatabase(loadSearchEnv(env)) },
];

/**
 * Applies every subgraph's pending migrations on the databases `env` names (PostgreSQL when DATABASE_URL /
 * <NAME>_DATABASE_URL is set, else the embedded SQLite files). `pnpm migrate` and the test kit use it.
 */
export async function migrateAll(env: Record<string, string | undefined>): Promise<MigrationReport[]> {
  const reports: MigrationReport[] = [];
  for (const database of DATABASES) {
    const { target, orm } = await database.open(env);
    try {
      reports.push({ service: database.service, dialect: target.dialect, applied: await migrateUp(orm) });
    } finally {
      await orm.close();
    }
  }
  return reports;
}
