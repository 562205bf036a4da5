import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  applyOnce,
  consumeInto,
  createEvent,
  createLogger,
  createOrm,
  createTestDatabase,
  InProcessEventBus,
  OutboxEvent,
  ProcessedEvent,
  testDialects,
  uuidv7,
  waitFor,
  type EventEnvelope,
  type Orm,
  type TestDatabase,
} from '../src';

const logger = createLogger('test', 'silent');

function anEvent(): EventEnvelope {
  return createEvent({
    type: 'version.published',
    source: 'registry',
    actor: 'alice',
    subject: 'io.test/a',
    data: {},
  });
}

describe.each(testDialects())('applyOnce on %s', (dialect) => {
  let db: TestDatabase;
  let orm: Orm;

  beforeEach(async () => {
    db = await createTestDatabase(dialect, 'consumer');
    orm = await createOrm({
      target: db.target,
      entities: [OutboxEvent, ProcessedEvent],
      migrations: { sqlite: [], postgresql: [] },
    });
    await orm.getSchemaGenerator().createSchema();
  });
  afterEach(async () => {
    await orm.close(true);
    await db.drop();
  });

  /** The side effect under test: one outbox row per application (a real write in apply's transaction). */
  const recordApplication = (event: EventEnvelope) => async (em: Orm['em']) => {
    em.persist(OutboxEvent.fromEnvelope({ ...event, id: uuidv7() }));
    await em.flush();
  };
  const applications = () => orm.em.fork().count(OutboxEvent, {});

  it('applies a redelivered event once', async () => {
    const event = anEvent();
    expect(await applyOnce(orm, 'search', event, recordApplication(event))).toBe(true);
    expect(await applyOnce(orm, 'search', event, recordApplication(event))).toBe(false);
    expect(await applyOnce(orm, 'audit', event, recordApplication(event))).toBe(true); // another consumer
    expect(await applications()).toBe(2);
  });

  it('applies concurrent duplicates once', async () => {
    const event = anEvent();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => applyOnce(orm, 'search', event, recordApplication(event))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await applications()).toBe(1);
    expect(await orm.em.fork().count(ProcessedEvent, {})).toBe(1);
  });

  it('records nothing when apply fails, so a redelivery applies it', async () => {
    const event = anEvent();
    await expect(
      applyOnce(orm, 'search', event, async (em) => {
        await recordApplication(event)(em);
        throw new Error('index down');
      }),
    ).rejects.toThrow('index down');
    expect(await applications()).toBe(0);
    expect(await applyOnce(orm, 'search', event, recordApplication(event))).toBe(true);
    expect(await applications()).toBe(1);
  });

  it("does not mistake apply's own unique violation for a duplicate", async () => {
    const event = anEvent();
    const duplicateRow = OutboxEvent.fromEnvelope(event);
    await orm.em.fork().persistAndFlush(duplicateRow);
    await expect(
      applyOnce(orm, 'search', event, async (em) => {
        em.persist(OutboxEvent.fromEnvelope(event)); // same eventId: violates outbox.event_id unique
        await em.flush();
      }),
    ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    expect(await orm.em.fork().count(ProcessedEvent, {})).toBe(0);
  });

  it('consumeInto applies bus deliveries once', async () => {
    const bus = new InProcessEventBus({ logger });
    try {
      const applied: string[] = [];
      await consumeInto(bus, orm, { group: 'search', types: ['version.*'] }, async (event, em) => {
        await recordApplication(event)(em);
        applied.push(event.id);
      });
      const event = anEvent();
      await bus.publish([event, event, event]); // the relay resent it twice
      await waitFor(async () => (await orm.em.fork().count(ProcessedEvent, { consumer: 'search' })) === 1);
      await bus.close(); // drains the two redeliveries
      expect(applied).toEqual([event.id]);
      expect(await applications()).toBe(1);
    } finally {
      await bus.close();
    }
  });
});
