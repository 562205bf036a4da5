import {
  consumeInto,
  createEvent,
  createLogger,
  createOrm,
  createServiceMetrics,
  createTestDatabase,
  InProcessEventBus,
  OutboxEvent,
  OutboxRelay,
  ProcessedEvent,
  testDialects,
  waitFor,
  type BusSubscription,
  type EventEnvelope,
  type Orm,
  type ServiceMetrics,
  type TestDatabase,
} from '../src';
import { sample } from '../src';

const logger = createLogger('test', 'silent');

function anEvent(i: number, occurredAt?: Date): EventEnvelope {
  return createEvent({
    type: i % 2 ? 'version.published' : 'server.created',
    source: 'registry',
    actor: 'alice',
    subject: `io.test/s${i}`,
    data: { i },
    occurredAt,
  });
}

/** An in-process bus whose publishes can be made to fail (a Redis outage, as the relay sees it). */
class FlakyBus extends InProcessEventBus {
  down = false;
  override async publish(events: EventEnvelope[]): Promise<void> {
    if (this.down) throw new Error('bus down');
    return super.publish(events);
  }
}

describe.each(testDialects())('outbox and event-lag metrics on %s', (dialect) => {
  let db: TestDatabase;
  let orm: Orm;
  let bus: FlakyBus;
  let metrics: ServiceMetrics;
  let relay: OutboxRelay | undefined;
  let subscription: BusSubscription | undefined;

  beforeEach(async () => {
    db = await createTestDatabase(dialect, 'obs');
    orm = await createOrm({
      target: db.target,
      entities: [OutboxEvent, ProcessedEvent],
      migrations: { sqlite: [], postgresql: [] },
    });
    await orm.getSchemaGenerator().createSchema();
    bus = new FlakyBus({ logger, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
    metrics = createServiceMetrics('registry', { defaultMetrics: false });
  });
  afterEach(async () => {
    await relay?.stop();
    await subscription?.close();
    relay = undefined;
    subscription = undefined;
    await bus.close();
    await orm.close(true);
    await db.drop();
  });

  async function commit(events: EventEnvelope[]): Promise<void> {
    await orm.em.fork().transactional(async (em) => {
      for (const event of events) em.persist(OutboxEvent.fromEnvelope(event));
    });
  }

  it('reports the backlog and the oldest unsent age at scrape time, then what the relay published', async () => {
    const minuteAgo = new Date(Date.now() - 60_000);
    await commit([anEvent(0, minuteAgo), anEvent(1), anEvent(2), anEvent(3), anEvent(4)]);
    bus.down = true;
    relay = new OutboxRelay({ orm, bus, logger, metrics, pollIntervalMs: 20, maxBackoffMs: 40 });
    await relay.start(); // the start-up drain fails: everything stays unsent

    let text = await metrics.metrics();
    expect(sample(text, 'mcpr_outbox_backlog', { service: 'registry' })).toBe(5);
    expect(sample(text, 'mcpr_outbox_oldest_unsent_age_seconds')).toBeGreaterThanOrEqual(60);
    expect(sample(text, 'mcpr_outbox_publish_failures_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'mcpr_outbox_published_total')).toBe(0);
    expect(await relay.backlog(3)).toBe(3); // the scrape's count is capped

    bus.down = false;
    await waitFor(async () => (await relay!.backlog()) === 0, 5_000, 'relay recovered');
    await commit([anEvent(5), anEvent(6)]);
    await waitFor(async () => (await relay!.backlog()) === 0, 5_000, 'new rows relayed');
    text = await metrics.metrics();
    expect(sample(text, 'mcpr_outbox_backlog')).toBe(0);
    expect(sample(text, 'mcpr_outbox_oldest_unsent_age_seconds')).toBe(0);
    expect(sample(text, 'mcpr_outbox_published_total')).toBe(7);
  });

  it('says unknown (NaN), never a stale figure, when the database does not answer or the relay stopped', async () => {
    await commit([anEvent(0)]);
    bus.down = true;
    relay = new OutboxRelay({ orm, bus, logger, metrics, pollIntervalMs: 60_000, maxBackoffMs: 60_000 });
    await relay.start();
    expect(sample(await metrics.metrics(), 'mcpr_outbox_backlog')).toBe(1);
    await orm.close(true);
    let text = await metrics.metrics();
    expect(sample(text, 'mcpr_outbox_backlog')).toBeNaN();
    expect(sample(text, 'mcpr_outbox_oldest_unsent_age_seconds')).toBeNaN();
    await relay.stop();
    relay = undefined;
    orm = await createOrm({
      target: db.target,
      entities: [OutboxEvent, ProcessedEvent],
      migrations: { sqlite: [], postgresql: [] },
    });
    text = await metrics.metrics();
    expect(sample(text, 'mcpr_outbox_backlog')).toBeNaN(); // no relay watches the outbox any more
  });

  it('measures event lag and deliveries of a consumer fed by the relay (consumeInto)', async () => {
    const consumerMetrics = createServiceMetrics('trust', { defaultMetrics: false });
    let failures = 1;
    subscription = await consumeInto(
      consumerMetrics.observeBus(bus),
      orm,
      { group: 'trust', types: ['version.*', 'server.*'] },
      async (event) => {
        if (event.type === 'server.created' && failures > 0) {
          failures -= 1;
          throw new Error('transient'); // rolled back, redelivered by the bus
        }
      },
    );
    const halfMinuteAgo = new Date(Date.now() - 30_000);
    await commit([anEvent(0, halfMinuteAgo), anEvent(1, halfMinuteAgo), anEvent(3, halfMinuteAgo)]);
    relay = new OutboxRelay({ orm, bus, logger, metrics, pollIntervalMs: 60_000 });
    await relay.start(); // the in-process bus resolves publish once the group handled the batch

    const text = await consumerMetrics.metrics();
    const published = { service: 'trust', group: 'trust', type: 'version.published' };
    const created = { group: 'trust', type: 'server.created' };
    expect(sample(text, 'mcpr_event_lag_seconds_count', published)).toBe(2);
    expect(sample(text, 'mcpr_event_lag_seconds_sum', published)).toBeGreaterThanOrEqual(60);
    expect(sample(text, 'mcpr_event_lag_seconds_bucket', { ...published, le: '10' })).toBe(0);
    expect(sample(text, 'mcpr_event_lag_seconds_bucket', { ...published, le: '60' })).toBe(2);
    expect(sample(text, 'mcpr_event_deliveries_total', { ...published, outcome: 'handled' })).toBe(2);
    expect(sample(text, 'mcpr_event_deliveries_total', { ...created, outcome: 'failed' })).toBe(1);
    expect(sample(text, 'mcpr_event_deliveries_total', { ...created, outcome: 'handled' })).toBe(1);
    expect(await orm.em.fork().count(ProcessedEvent, { consumer: 'trust' })).toBe(3);
    // The producer's registry has the relay's figures, not the consumer's.
    const producer = await metrics.metrics();
    expect(sample(producer, 'mcpr_outbox_published_total')).toBe(3);
    expect(producer).not.toMatch(/mcpr_event_lag_seconds/);
  });
});
