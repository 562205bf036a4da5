import { createOrm, createTestDatabase, migrateUp, testDialects } from '@mcpr/platform';
import { trustEntities } from '../src/data/entities';
import { trustMigrations } from '../src/data/migrations';

describe.each(testDialects())('trust migrations on %s', (dialect) => {
  it('migrate a fresh database to a schema that matches the entities', async () => {
    const db = await createTestDatabase(dialect, 'trust');
    const orm = await createOrm({ target: db.target, entities: trustEntities, migrations: trustMigrations });
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
