import {
  createEvent,
  createLogger,
  InProcessEventBus,
  waitFor,
  type EventEnvelope,
  type ParkedEvent,
} from '../src';

const logger = createLogger('test', 'silent');
const fastRetry = { initialDelayMs: 1, maxDelayMs: 5 };

function events(count: number, type = 'version.published'): EventEnvelope[] {
  return Array.from({ length: count }, (_, i) =>
    createEvent({ type, source: 'registry', actor: 'system', subject: `io.test/s${i}`, data: { i } }),
  );
}

describe('InProcessEventBus', () => {
  let bus: InProcessEventBus;
  afterEach(async () => {
    await bus.close();
  });

  it('delivers in publish order within a group, and publish resolves once the group handled the batch', async () => {
    bus = new InProcessEventBus({ logger });
    const seen: number[] = [];
    await bus.subscribe({ group: 'audit' }, async (event) => {
      // Uneven handler latency must not reorder deliveries.
      for (let i = 0; i < (Number(event.data.i) % 3) + 1; i += 1) await Promise.resolve();
      seen.push(Number(event.data.i));
    });
    const batch = events(50);
    await bus.publish(batch.slice(0, 20));
    // Memory is not durable: the relay may mark rows sent only after the consumers have them.
    expect(seen).toEqual(batch.slice(0, 20).map((event) => event.data.i));
    await bus.publish(batch.slice(20));
    expect(seen).toEqual(batch.map((event) => event.data.i));
  });

  it('fans out to every group and gives each event to one member of a group', async () => {
    bus = new InProcessEventBus({ logger });
    const audit: string[] = [];
    const searchA: string[] = [];
    const searchB: string[] = [];
    await bus.subscribe({ group: 'audit' }, async (event) => void audit.push(event.id));
    await bus.subscribe({ group: 'search' }, async (event) => void searchA.push(event.id));
    await bus.subscribe({ group: 'search' }, async (event) => void searchB.push(event.id));
    const batch = events(10);
    await bus.publish(batch);
    await waitFor(() => audit.length === 10 && searchA.length + searchB.length === 10);
    const ids = batch.map((event) => event.id);
    expect(audit).toEqual(ids);
    expect([...searchA, ...searchB].sort()).toEqual([...ids].sort());
    expect(searchA.length).toBeGreaterThan(0);
    expect(searchB.length).toBeGreaterThan(0);
  });

  it('filters by exact type and by prefix', async () => {
    bus = new InProcessEventBus({ logger });
    const seen: string[] = [];
    const all: string[] = [];
    await bus.subscribe({ group: 'search', types: ['server.created', 'version.*'] }, async (event) => {
      seen.push(event.type);
    });
    await bus.subscribe({ group: 'gateway', types: ['*'] }, async (event) => void all.push(event.type));
    const types = [
      'server.created',
      'version.published',
      'install.recorded',
      'versions.x',
      'version.status_changed',
      'server.deleted',
    ];
    await bus.publish(types.flatMap((type) => events(1, type)));
    await waitFor(() => all.length === types.length);
    await waitFor(() => seen.length === 3);
    expect(seen).toEqual(['server.created', 'version.published', 'version.status_changed']);
  });

  it('rejects a second subscription to a group with different types', async () => {
    bus = new InProcessEventBus({ logger });
    await bus.subscribe({ group: 'search', types: ['version.*'] }, async () => undefined);
    await expect(
      bus.subscribe({ group: 'search', types: ['server.*'] }, async () => undefined),
    ).rejects.toThrow(/subscribed with types/);
  });

  it('redelivers after a throwing handler and keeps the order behind it', async () => {
    bus = new InProcessEventBus({ logger, retry: fastRetry });
    const [first, second] = events(2);
    let failures = 0;
    const delivered: string[] = [];
    await bus.subscribe({ group: 'trust' }, async (event) => {
      if (event.id === first!.id && failures < 2) {
        failures += 1;
        throw new Error('transient');
      }
      delivered.push(event.id);
    });
    await bus.publish([first!, second!]);
    await waitFor(() => delivered.length === 2);
    expect(failures).toBe(2);
    expect(delivered).toEqual([first!.id, second!.id]);
  });

  it('parks an event after maxAttempts and moves on', async () => {
    const parked: ParkedEvent[] = [];
    bus = new InProcessEventBus({
      logger,
      retry: { ...fastRetry, maxAttempts: 3 },
      onParked: (p) => parked.push(p),
    });
    const [poison, next] = events(2);
    let attempts = 0;
    const delivered: string[] = [];
    await bus.subscribe({ group: 'audit' }, async (event) => {
      if (event.id === poison!.id) {
        attempts += 1;
        throw new Error('poison');
      }
      delivered.push(event.id);
    });
    await bus.publish([poison!, next!]);
    await waitFor(() => delivered.length === 1);
    expect(attempts).toBe(3);
    expect(parked).toEqual([{ group: 'audit', event: poison, attempts: 3, error: 'poison' }]);
    expect(delivered).toEqual([next!.id]);
  });

  it('gives every attempt a fresh copy of the event', async () => {
    bus = new InProcessEventBus({ logger, retry: fastRetry });
    const seen: unknown[] = [];
    await bus.subscribe({ group: 'g' }, async (event) => {
      seen.push(event.data.i);
      event.data.i = 'mutated';
      if (seen.length === 1) throw new Error('once');
    });
    await bus.publish(events(1));
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual([0, 0]);
  });

  it('stops delivering to a closed subscription and waits for its handler', async () => {
    bus = new InProcessEventBus({ logger });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    let finished = false;
    const subscription = await bus.subscribe({ group: 'g' }, async (event) => {
      seen.push(event.id);
      await gate;
      finished = true;
    });
    const published = bus.publish(events(3));
    await waitFor(() => seen.length === 1);
    const closing = subscription.close();
    release();
    await closing;
    expect(finished).toBe(true);
    expect(seen).toHaveLength(1);
    // The group went away with events unhandled: the publisher learns it (and the relay resends later).
    await expect(published).rejects.toThrow(/stopped before handling/);
  });

  it('drains queued events on close, then refuses new ones', async () => {
    bus = new InProcessEventBus({ logger });
    const seen: string[] = [];
    await bus.subscribe({ group: 'g' }, async (event) => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      seen.push(event.id);
    });
    await bus.publish(events(20));
    await bus.close();
    expect(seen).toHaveLength(20);
    expect(await bus.healthy()).toBe(false);
    await expect(bus.publish(events(1))).rejects.toThrow(/closed/);
  });

  it('close gives up on a failing handler after drainTimeoutMs without leaving timers', async () => {
    bus = new InProcessEventBus({
      logger,
      drainTimeoutMs: 50,
      retry: { maxAttempts: 100, initialDelayMs: 1_000 },
    });
    let attempts = 0;
    await bus.subscribe({ group: 'g' }, async () => {
      attempts += 1;
      throw new Error('down');
    });
    const published = bus.publish(events(1));
    await waitFor(() => attempts === 1);
    await bus.close(); // the pending backoff wait is cut short; jest --detectOpenHandles stays quiet
    expect(attempts).toBe(1);
    await expect(published).rejects.toThrow(/stopped before handling/);
    expect(await bus.healthy()).toBe(false);
  });
});
