import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  applyOnce,
  createEvent,
  createLogger,
  createOrm,
  createTestDatabase,
  OutboxEvent,
  ProcessedEvent,
  RedisStreamBus,
  testRedisUrl,
  waitFor,
  type EventEnvelope,
  type Orm,
  type ParkedEvent,
  type RedisStreamBusOptions,
  type TestDatabase,
} from '../src';

const redisUrl = testRedisUrl();
const logger = createLogger('test', 'silent');

function events(count: number, type = 'version.published'): EventEnvelope[] {
  return Array.from({ length: count }, (_, i) =>
    createEvent({ type, source: 'registry', actor: 'system', subject: `io.test/s${i}`, data: { i } }),
  );
}

const ids = (list: EventEnvelope[]) => list.map((event) => event.id);

(redisUrl ? describe : describe.skip)(
  redisUrl ? 'RedisStreamBus (Redis)' : 'RedisStreamBus (skipped: REDIS_URL not set)',
  () => {
    let admin: Redis;
    let streamKey: string;
    let buses: RedisStreamBus[];
    let db: TestDatabase;
    let orm: Orm;

    beforeAll(async () => {
      admin = new Redis(redisUrl!, { protocol: 2 });
      db = await createTestDatabase('sqlite', 'redis-bus');
      orm = await createOrm({
        target: db.target,
        entities: [OutboxEvent, ProcessedEvent],
        migrations: { sqlite: [], postgresql: [] },
      });
      await orm.getSchemaGenerator().createSchema();
    });
    afterAll(async () => {
      await admin.quit();
      await orm.close(true);
      await db.drop();
    });
    beforeEach(() => {
      streamKey = `mcpr:test:${process.pid}:${randomBytes(4).toString('hex')}`;
      buses = [];
    });
    afterEach(async () => {
      await Promise.all(buses.map((bus) => bus.close()));
      await admin.del(streamKey, `${streamKey}:parked`);
    });

    /** A bus as one process would build it, with timings short enough for a test. */
    function bus(options: Partial<RedisStreamBusOptions> = {}): RedisStreamBus {
      const created = new RedisStreamBus({
        redisUrl: redisUrl!,
        logger,
        streamKey,
        blockMs: 200,
        claimIdleMs: 300,
        claimIntervalMs: 100,
        retry: { initialDelayMs: 5, maxDelayMs: 20 },
        ...options,
      });
      buses.push(created);
      return created;
    }

    async function pending(group: string): Promise<number> {
      const summary = (await admin.call('XPENDING', streamKey, group)) as [number, ...unknown[]];
      return summary[0];
    }

    it('writes one stream entry per event, the envelope as JSON in field e', async () => {
      const producer = bus({ maxLen: 1_000 });
      const batch = events(3);
      await producer.publish(batch);
      const entries = (await admin.call('XRANGE', streamKey, '-', '+')) as [string, string[]][];
      expect(entries.map(([, fields]) => fields[0])).toEqual(['e', 'e', 'e']);
      expect(entries.map(([, fields]) => JSON.parse(fields[1]!) as EventEnvelope)).toEqual(batch);
      expect(await producer.healthy()).toBe(true);
    });

    it('trims the stream to about maxLen', async () => {
      const producer = bus({ maxLen: 10 });
      await producer.publish(events(500));
      const length = Number(await admin.call('XLEN', streamKey));
      // `MAXLEN ~` drops whole radix-tree nodes (100 entries by default), so the length lands near, not at, 10.
      expect(length).toBeGreaterThanOrEqual(10);
      expect(length).toBeLessThan(500);
    });

    it('starts a new group at the beginning of the stream and delivers in order to every group', async () => {
      const producer = bus();
      const before = events(20);
      await producer.publish(before.slice(0, 10));
      await producer.publish(before.slice(10));
      const audit: string[] = [];
      const search: string[] = [];
      const consumer = bus();
      await consumer.subscribe({ group: 'audit', batchSize: 7 }, async (event) => void audit.push(event.id));
      await consumer.subscribe({ group: 'search' }, async (event) => void search.push(event.id));
      const after = events(5);
      await producer.publish(after);
      await waitFor(
        () => audit.length === 25 && search.length === 25,
        5_000,
        'both groups received everything',
      );
      expect(audit).toEqual(ids([...before, ...after]));
      expect(search).toEqual(ids([...before, ...after]));
      await waitFor(async () => (await pending('audit')) === 0 && (await pending('search')) === 0);
    });

    it("starts a group created with startAt 'end' after the retained history; an existing group keeps its place", async () => {
      const producer = bus();
      const history = events(5);
      await producer.publish(history);
      const live: string[] = [];
      const consumer = bus();
      const first = await consumer.subscribe(
        { group: 'gateway-live-a', startAt: 'end' },
        async (event) => void live.push(event.id),
      );
      const fresh = events(3);
      await producer.publish(fresh);
      await waitFor(() => live.length === 3, 5_000, 'live events delivered');
      expect(live).toEqual(ids(fresh));
      await first.close();
      // Reopened while it exists: it resumes where it stood (startAt applies to creation only).
      const missed = events(2);
      await producer.publish(missed);
      await consumer.subscribe(
        { group: 'gateway-live-a', startAt: 'end' },
        async (event) => void live.push(event.id),
      );
      await waitFor(() => live.length === 5, 5_000, 'events published while closed delivered');
      expect(live.slice(3)).toEqual(ids(missed));
    });

    it('reads an atMostOnce subscription with NOACK: delivered in order, nothing pending or acknowledged', async () => {
      const producer = bus();
      const seen: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      await bus().subscribe(
        { group: 'live-noack', startAt: 'end', atMostOnce: true, batchSize: 64 },
        async (event) => {
          seen.push(event.id);
          if (seen.length === 1) await gate; // while the handler holds, the rest is read but never pending
        },
      );
      const batch = events(40);
      await producer.publish(batch);
      await waitFor(() => seen.length === 1, 5_000, 'the first event');
      expect(await pending('live-noack')).toBe(0);
      release();
      await waitFor(() => seen.length === 40, 5_000, 'every event');
      expect(seen).toEqual(ids(batch));
      expect(await pending('live-noack')).toBe(0);
    });

    it('destroys an ephemeral group when its last subscription in the process closes', async () => {
      const consumer = bus();
      const groupNames = async () =>
        ((await admin.call('XINFO', 'GROUPS', streamKey)) as unknown[][]).map((group) => String(group[1]));
      const a = await consumer.subscribe(
        { group: 'live-x', startAt: 'end', ephemeral: true },
        async () => undefined,
      );
      const b = await consumer.subscribe(
        { group: 'live-x', startAt: 'end', ephemeral: true },
        async () => undefined,
      );
      await consumer.subscribe({ group: 'durable' }, async () => undefined);
      expect((await groupNames()).sort()).toEqual(['durable', 'live-x']);
      await a.close();
      expect((await groupNames()).sort()).toEqual(['durable', 'live-x']);
      await b.close();
      expect(await groupNames()).toEqual(['durable']);
    });

    it('gives each event to one member of a group', async () => {
      const producer = bus();
      const a: string[] = [];
      const b: string[] = [];
      await bus().subscribe({ group: 'search', batchSize: 2 }, async (event) => void a.push(event.id));
      await bus().subscribe({ group: 'search', batchSize: 2 }, async (event) => void b.push(event.id));
      const batch = events(30);
      for (const event of batch) await producer.publish([event]);
      await waitFor(() => a.length + b.length === 30);
      expect([...a, ...b].sort()).toEqual(ids(batch).sort());
    });

    it('filters by type in the consumer and acknowledges what it filters out', async () => {
      const producer = bus();
      const seen: string[] = [];
      await bus().subscribe({ group: 'search', types: ['version.*', 'tier.changed'] }, async (event) => {
        seen.push(event.type);
      });
      const types = [
        'version.published',
        'install.recorded',
        'tier.changed',
        'apikey.created',
        'version.status_changed',
      ];
      await producer.publish(types.flatMap((type) => events(1, type)));
      await waitFor(() => seen.length === 3);
      await waitFor(async () => (await pending('search')) === 0, 5_000, 'filtered entries acknowledged');
      expect(seen).toEqual(['version.published', 'tier.changed', 'version.status_changed']);
    });

    it('redelivers after a throwing handler, parks after maxAttempts and acknowledges both', async () => {
      const parked: ParkedEvent[] = [];
      const consumer = bus({
        retry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20 },
        onParked: (p) => parked.push(p),
      });
      const [flaky, poison, last] = events(3);
      let flakyFailures = 0;
      const delivered: string[] = [];
      await consumer.subscribe({ group: 'trust' }, async (event) => {
        if (event.id === flaky!.id && flakyFailures < 2) {
          flakyFailures += 1;
          throw new Error('transient');
        }
        if (event.id === poison!.id) throw new Error('poison');
        delivered.push(event.id);
      });
      await bus().publish([flaky!, poison!, last!]);
      await waitFor(() => delivered.length === 2);
      expect(delivered).toEqual([flaky!.id, last!.id]);
      expect(parked).toEqual([{ group: 'trust', event: poison, attempts: 3, error: 'poison' }]);
      const parkedEntries = (await admin.call('XRANGE', consumer.parkedStreamKey, '-', '+')) as [
        string,
        string[],
      ][];
      expect(parkedEntries).toHaveLength(1);
      const fields = parkedEntries[0]![1];
      expect(JSON.parse(fields[fields.indexOf('e') + 1]!)).toEqual(poison);
      expect(fields[fields.indexOf('group') + 1]).toBe('trust');
      await waitFor(async () => (await pending('trust')) === 0);
    });

    it('hands a dead consumer’s unacknowledged batch to another consumer; each event applied exactly once', async () => {
      const applied = new Map<string, number>();
      const apply = (event: EventEnvelope) =>
        applyOnce(orm, `audit-${streamKey}`, event, async () => {
          applied.set(event.id, (applied.get(event.id) ?? 0) + 1);
        });
      const batch = events(10);
      await bus().publish(batch);

      // Process 1 takes a batch of 5, applies three, then dies after applying the third but before acking it.
      const dying = bus();
      let killed: Promise<void> | undefined;
      await dying.subscribe({ group: 'audit', batchSize: 5 }, async (event) => {
        await apply(event);
        if (event.id === batch[2]!.id) {
          killed = dying.close(); // stops its loop: no ack for this entry, the rest of the batch untouched
          throw new Error('process killed');
        }
      });
      await waitFor(() => killed !== undefined, 5_000, 'consumer 1 died');
      await killed;
      expect(await pending('audit')).toBe(3); // entries 3 (applied), 4 and 5 (not applied)
      expect([...applied.keys()]).toEqual(ids(batch.slice(0, 3)));

      // Process 2 joins the group: reads what was never delivered, and takes over the stalled entries.
      const redelivered: string[] = [];
      await bus().subscribe({ group: 'audit' }, async (event) => {
        redelivered.push(event.id);
        await apply(event);
      });
      await waitFor(() => applied.size === 10, 5_000, 'every event applied');
      await waitFor(async () => (await pending('audit')) === 0, 5_000, 'nothing left pending');
      expect([...applied.values()].every((count) => count === 1)).toBe(true);
      expect(redelivered.sort()).toEqual(ids(batch.slice(2)).sort());
      expect(await orm.em.fork().count(ProcessedEvent, { consumer: `audit-${streamKey}` })).toBe(10);
    });

    it('takes over entries from a consumer whose connection dropped mid-batch', async () => {
      const applied = new Map<string, number>();
      const batch = events(6);
      const producer = bus();
      await admin.call('XGROUP', 'CREATE', streamKey, 'search', '0', 'MKSTREAM');
      await producer.publish(batch);
      // A raw consumer reads four, applies two, acknowledges nothing, and loses its connection.
      const doomed = new Redis(redisUrl!, { protocol: 2 });
      const reply = (await doomed.call(
        'XREADGROUP',
        'GROUP',
        'search',
        'doomed',
        'COUNT',
        4,
        'STREAMS',
        streamKey,
        '>',
      )) as [string, [string, string[]][]][];
      const taken = reply[0]![1].map(([, fields]) => JSON.parse(fields[1]!) as EventEnvelope);
      expect(ids(taken)).toEqual(ids(batch.slice(0, 4)));
      for (const event of taken.slice(0, 2)) {
        await applyOnce(orm, `search-${streamKey}`, event, async () => void applied.set(event.id, 1));
      }
      doomed.disconnect();

      await bus().subscribe({ group: 'search' }, async (event) => {
        await applyOnce(orm, `search-${streamKey}`, event, async () => {
          applied.set(event.id, (applied.get(event.id) ?? 0) + 1);
        });
      });
      await waitFor(() => applied.size === 6, 5_000, 'every event applied');
      await waitFor(async () => (await pending('search')) === 0);
      expect([...applied.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    });

    it('closes a subscription blocked in XREADGROUP promptly and removes its consumer name', async () => {
      const consumer = bus({ blockMs: 30_000 });
      const subscription = await consumer.subscribe(
        { group: 'idle', consumerName: 'idle-1' },
        async () => undefined,
      );
      await waitFor(
        async () => {
          const clients = String(await admin.call('CLIENT', 'LIST'));
          return clients
            .split('\n')
            .some((line) => line.includes('name=mcpr-events:reader:idle') && line.includes('cmd=xreadgroup'));
        },
        5_000,
        'reader blocked',
      );
      const started = Date.now();
      await subscription.close();
      expect(Date.now() - started).toBeLessThan(5_000); // far below blockMs: CLIENT UNBLOCK woke it
      const consumers = (await admin.call('XINFO', 'CONSUMERS', streamKey, 'idle')) as unknown[];
      expect(consumers).toEqual([]);
      await consumer.close();
      expect(await consumer.healthy()).toBe(false);
      await expect(consumer.publish(events(1))).rejects.toThrow(/closed/);
    });
  },
);
