import type { MigrationSets } from '@mcpr/platform';
import { Migration0001Initial as PostgresInitial } from './postgresql/Migration0001Initial';
import { Migration0002Analytics as PostgresAnalytics } from './postgresql/Migration0002Analytics';
import { Migration0001Initial as SqliteInitial } from './sqlite/Migration0001Initial';
import { Migration0002Analytics as SqliteAnalytics } from './sqlite/Migration0002Analytics';

/** The audit schema's history, one list per dialect (their SQL differs). Append; never edit. */
export const auditMigrations: MigrationSets = {
  sqlite: [
    { name: 'Migration0001Initial', class: SqliteInitial },
    { name: 'Migration0002Analytics', class: SqliteAnalytics },
  ],
  postgresql: [
    { name: 'Migration0001Initial', class: PostgresInitial },
    { name: 'Migration0002Analytics', class: PostgresAnalytics },
  ],
};
