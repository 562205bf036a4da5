import {
  createOrm,
  schemaCreateSql,
  OutboxEvent,
  ProcessedEvent,
  createTestDatabase,
  testDialects,
  createEvent,
} from '../src';

describe.each(testDialects())('orm on %s', (dialect) => {
  it('creates schema SQL and round-trips an outbox row', async () => {
    const db = await createTestDatabase(dialect, 'smoke');
    const orm = await createOrm({
      target: db.target,
      entities: [OutboxEvent, ProcessedEvent],
      migrations: { sqlite: [], postgresql: [] },
    });
    try {
      const sql = await schemaCreateSql(orm);
      expect(sql).toContain('outbox');
      await orm.getSchemaGenerator().createSchema();
      const em = orm.em.fork();
      em.persist(
        OutboxEvent.fromEnvelope(
          createEvent({ type: 't', source: 's', actor: 'a', subject: 'x', data: { n: 1 } }),
        ),
      );
      await em.flush();
      const rows = await orm.em.fork().find(OutboxEvent, {});
      expect(rows[0]!.toEnvelope().data).toEqual({ n: 1 });
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});
