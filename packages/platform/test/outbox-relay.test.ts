import {
  consumeInto,
  createEvent,
  createLogger,
  createOrm,
  createTestDatabase,
  InProcessEventBus,
  OutboxEvent,
  OutboxRelay,
  ProcessedEvent,
  testDialects,
  waitFor,
  type BusSubscription,
  type EventBus,
  type EventEnvelope,
  type Orm,
  type TestDatabase,
} from '../src';

const logger = createLogger('test', 'silent');

/** A bus that records what the relay publishes; `failNext` makes the next publishes throw. */
class RecordingBus implements EventBus {
  readonly batches: EventEnvelope[][] = [];
  failNext = 0;
  /** Throw after recording: the bus accepted the batch but the relay never learns it (a crash before marking). */
  crashAfterPublish = false;
  /** Held open while set: lets a test observe a drain in flight. */
  gate: Promise<void> | null = null;
  inFlight = 0;
  maxInFlight = 0;

  get published(): EventEnvelope[] {
    return this.batches.flat();
  }

  async publish(events: EventEnvelope[]): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await Promise.resolve();
      if (this.gate) await this.gate;
      if (this.failNext > 0) {
        this.failNext -= 1;
        throw new Error('bus down');
      }
      this.batches.push(events);
      if (this.crashAfterPublish) throw new Error('killed before marking');
    } finally {
      this.inFlight -= 1;
    }
  }
  async subscribe(): Promise<BusSubscription> {
    throw new Error('not used');
  }
  async close(): Promise<void> {}
  async healthy(): Promise<boolean> {
    return true;
  }
}

function anEvent(i: number): EventEnvelope {
  return createEvent({
    type: 'server.created',
    source: 'registry',
    actor: 'alice',
    subject: `io.test/s${i}`,
    data: { i },
  });
}

describe.each(testDialects())('OutboxRelay on %s', (dialect) => {
  let db: TestDatabase;
  let orm: Orm;
  const relays: OutboxRelay[] = [];

  beforeEach(async () => {
    db = await createTestDatabase(dialect, 'relay');
    orm = await createOrm({
      target: db.target,
      entities: [OutboxEvent, ProcessedEvent],
      migrations: { sqlite: [], postgresql: [] },
    });
    await orm.getSchemaGenerator().createSchema();
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await orm.close(true);
    await db.drop();
  });

  function relay(bus: EventBus, options: { pollIntervalMs?: number; batchSize?: number } = {}): OutboxRelay {
    const created = new OutboxRelay({ orm, bus, logger, ...options });
    relays.push(created);
    return created;
  }

  /** The producer side: state change and outbox rows in one transaction. */
  async function commitEvents(events: EventEnvelope[]): Promise<void> {
    await orm.em.fork().transactional(async (em) => {
      for (const event of events) em.persist(OutboxEvent.fromEnvelope(event));
    });
  }

  const unsent = () => orm.em.fork().count(OutboxEvent, { sentAt: null });

  it('publishes committed rows in seq order and marks them sent', async () => {
    const events = Array.from({ length: 7 }, (_, i) => anEvent(i));
    await commitEvents(events.slice(0, 4));
    await commitEvents(events.slice(4));
    const bus = new RecordingBus();
    const outbox = relay(bus, { batchSize: 3 });
    expect(await outbox.backlog()).toBe(7);
    await outbox.start(); // resolves after the start-up drain
    expect(bus.published.map((event) => event.id)).toEqual(events.map((event) => event.id));
    expect(bus.batches.map((batch) => batch.length)).toEqual([3, 3, 1]);
    expect(bus.published[0]).toEqual(events[0]);
    expect(await outbox.backlog()).toBe(0);
    const rows = await orm.em.fork().find(OutboxEvent, {}, { orderBy: { seq: 'asc' } });
    expect(rows.every((row) => row.sentAt instanceof Date)).toBe(true);
  });

  it('resends on start what a crashed relay published but never marked sent', async () => {
    const events = [anEvent(1), anEvent(2), anEvent(3)];
    await commitEvents(events);
    const crashing = new RecordingBus();
    crashing.crashAfterPublish = true;
    const first = relay(crashing, { pollIntervalMs: 60_000 });
    await first.start();
    await first.stop(); // the process "dies" with the rows published but unmarked
    expect(crashing.published.map((event) => event.id)).toEqual(events.map((event) => event.id));
    expect(await unsent()).toBe(3);

    const bus = new RecordingBus();
    await relay(bus, { pollIntervalMs: 60_000 }).start();
    expect(bus.published.map((event) => event.id)).toEqual(events.map((event) => event.id));
    expect(await unsent()).toBe(0);
  });

  it('resends only the rows left unsent', async () => {
    const events = [anEvent(1), anEvent(2), anEvent(3), anEvent(4)];
    await commitEvents(events);
    await orm.em
      .fork()
      .nativeUpdate(
        OutboxEvent,
        { eventId: { $in: [events[0]!.id, events[2]!.id] } },
        { sentAt: new Date() },
      );
    const bus = new RecordingBus();
    await relay(bus).start();
    expect(bus.published.map((event) => event.id)).toEqual([events[1]!.id, events[3]!.id]);
  });

  it('is nudged by a commit without waiting for the poll', async () => {
    const bus = new RecordingBus();
    await relay(bus, { pollIntervalMs: 60_000 }).start();
    const inTransaction = [anEvent(1), anEvent(2)];
    await commitEvents(inTransaction);
    await waitFor(() => bus.published.length === 2, 5_000, 'transaction commit delivered');

    const flushed = anEvent(3); // a plain flush runs its own implicit transaction
    await orm.em.fork().persistAndFlush(OutboxEvent.fromEnvelope(flushed));
    await waitFor(() => bus.published.length === 3, 5_000, 'flush delivered');

    const nested = anEvent(4); // written in a savepoint: published when the outer transaction commits
    await orm.em.fork().transactional(async (outer) => {
      await outer.transactional(async (inner) => {
        inner.persist(OutboxEvent.fromEnvelope(nested));
      });
    });
    await waitFor(() => bus.published.length === 4, 5_000, 'nested transaction delivered');
    expect(bus.published.map((event) => event.id)).toEqual(
      [...inTransaction, flushed, nested].map((event) => event.id),
    );
  });

  it('does not publish rows of a rolled-back transaction', async () => {
    const bus = new RecordingBus();
    await relay(bus, { pollIntervalMs: 60_000 }).start();
    await expect(
      orm.em.fork().transactional(async (em) => {
        em.persist(OutboxEvent.fromEnvelope(anEvent(1)));
        await em.flush();
        throw new Error('domain rule failed');
      }),
    ).rejects.toThrow('domain rule failed');
    const kept = anEvent(2);
    await commitEvents([kept]);
    await waitFor(() => bus.published.length === 1);
    expect(bus.published[0]!.id).toBe(kept.id);
  });

  it('keeps rows unsent while the bus fails and delivers them once it recovers', async () => {
    const bus = new RecordingBus();
    bus.failNext = 2;
    const outbox = relay(bus, { pollIntervalMs: 10 });
    await commitEvents([anEvent(1), anEvent(2)]);
    await outbox.start();
    expect(await outbox.backlog()).toBe(2); // the start-up drain failed
    await waitFor(async () => (await outbox.backlog()) === 0, 5_000, 'backlog drained after recovery');
    expect(bus.failNext).toBe(0);
    expect(bus.published).toHaveLength(2);
  });

  it('runs one drain at a time and stop() waits for it', async () => {
    const bus = new RecordingBus();
    const outbox = relay(bus, { pollIntervalMs: 60_000, batchSize: 2 });
    await outbox.start();
    let release!: () => void;
    bus.gate = new Promise<void>((resolve) => (release = resolve));
    await commitEvents([anEvent(1), anEvent(2), anEvent(3)]);
    const drains = Array.from({ length: 5 }, () => outbox.drain());
    await waitFor(() => bus.inFlight === 1);
    let stopped = false;
    const stopping = outbox.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await Promise.all([stopping, ...drains]);
    expect(bus.maxInFlight).toBe(1);
    expect(new Set(bus.published.map((event) => event.id)).size).toBe(bus.published.length);
  });

  // Replicas share a PostgreSQL outbox; an embedded SQLite file has one process.
  if (dialect === 'postgresql')
    it('lets one replica drain at a time (advisory lock)', async () => {
      const busA = new RecordingBus();
      const busB = new RecordingBus();
      const replicaA = relay(busA, { pollIntervalMs: 60_000 });
      const replicaB = relay(busB, { pollIntervalMs: 60_000 });
      await Promise.all([replicaA.start(), replicaB.start()]);
      let release!: () => void;
      busA.gate = new Promise<void>((resolve) => (release = resolve));
      const events = [anEvent(1), anEvent(2)];
      // A native insert: no commit nudge, so the test decides which replica drains first.
      await orm.em.fork().insertMany(
        OutboxEvent,
        events.map((event) => OutboxEvent.fromEnvelope(event)),
      );
      const drainingA = replicaA.drain();
      await waitFor(() => busA.inFlight === 1, 5_000, 'replica A publishing');
      await replicaB.drain(); // finds the lock taken and leaves the rows to A
      release();
      await drainingA;
      expect(busB.published).toEqual([]);
      expect(busA.published.map((event) => event.id)).toEqual(events.map((event) => event.id));
    });

  it('feeds an idempotent consumer end to end through the in-process bus', async () => {
    const bus = new InProcessEventBus({ logger });
    const applied: string[] = [];
    await consumeInto(bus, orm, { group: 'audit' }, async (event) => void applied.push(event.id));
    const events = [anEvent(1), anEvent(2), anEvent(3)];
    await commitEvents(events);
    const crashing = new RecordingBus();
    crashing.crashAfterPublish = true;
    const first = relay(crashing, { pollIntervalMs: 60_000 });
    await first.start();
    await first.stop();
    await bus.publish(crashing.published); // what the crashed relay had delivered
    await relay(bus, { pollIntervalMs: 60_000 }).start(); // resends the same three
    await waitFor(async () => (await orm.em.fork().count(ProcessedEvent, { consumer: 'audit' })) === 3);
    await bus.close();
    expect(applied).toEqual(events.map((event) => event.id));
  });
});
