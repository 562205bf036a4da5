import type { MigrationSets } from '@mcpr/platform';
import { Migration0001Initial as PostgresInitial } from './postgresql/Migration0001Initial';
import { Migration0002DocumentVectors as PostgresVectors } from './postgresql/Migration0002DocumentVectors';
import { Migration0001Initial as SqliteInitial } from './sqlite/Migration0001Initial';
import { Migration0002DocumentVectors as SqliteVectors } from './sqlite/Migration0002DocumentVectors';

/** The search subgraph's schema history, one list per dialect. Append; never edit. */
export const searchMigrations: MigrationSets = {
  sqlite: [
    { name: 'Migration0001Initial', class: SqliteInitial },
    { name: 'Migration0002DocumentVectors', class: SqliteVectors },
  ],
  postgresql: [
    { name: 'Migration0001Initial', class: PostgresInitial },
    { name: 'Migration0002DocumentVectors', class: PostgresVectors },
  ],
};
