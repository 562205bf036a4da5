import type { MigrationSets } from '@mcpr/platform';
import { Migration0001Initial as PostgresInitial } from './postgresql/Migration0001Initial';
import { Migration0001Initial as SqliteInitial } from './sqlite/Migration0001Initial';

/** The trust subgraph's schema history, one list per dialect (their SQL differs). Append; never edit. */
export const trustMigrations: MigrationSets = {
  sqlite: [{ name: 'Migration0001Initial', class: SqliteInitial }],
  postgresql: [{ name: 'Migration0001Initial', class: PostgresInitial }],
};
