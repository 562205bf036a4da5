import { createOrm, createTestDatabase, migrateUp, testDialects } from '@mcpr/platform';
import { registryEntities } from '../src/data/entities';
import { registryMigrations } from '../src/data/migrations';

describe.each(testDialects())('registry migrations on %s', (dialect) => {
  it('migrate a fresh database to a schema that matches the entities', async () => {
    const db = await createTestDatabase(dialect, 'registry');
    const orm = await createOrm({
      target: db.target,
      entities: registryEntities,
      migrations: registryMigrations,
    });
    try {
      expect(await migrateUp(orm)).toEqual(['Migration0001Initial']);
      expect(await migrateUp(orm)).toEqual([]);
      // Nothing left to change: the migration and the entities agree.
      const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      expect(diff.trim()).toBe('');
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});
