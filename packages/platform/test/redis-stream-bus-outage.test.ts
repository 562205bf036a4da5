import {
  createEvent,
  createLogger,
  dependencyOutage,
  RedisStreamBus,
  waitFor,
  type EventEnvelope,
} from '../src';
import { privateRedisUnavailable, startPrivateRedis, type PrivateRedis } from '../src';

const logger = createLogger('test', 'silent');
const skipped = privateRedisUnavailable();

function event(i: number): EventEnvelope {
  return createEvent({
    type: 'version.published',
    source: 'registry',
    actor: 'system',
    subject: `io.test/s${i}`,
    data: { i },
  });
}

/** The bus across a Redis outage, on a private redis-server this file stops and restarts. */
(skipped ? describe.skip : describe)(
  `RedisStreamBus when Redis goes away${skipped ? ` (skipped: ${skipped})` : ''}`,
  () => {
    let redis: PrivateRedis;
    let bus: RedisStreamBus;

    beforeAll(async () => {
      redis = await startPrivateRedis();
    });
    afterAll(async () => {
      await bus?.close();
      await redis?.close();
    });

    it('fails publishes at once while down, and consumers resume by themselves when it is back', async () => {
      bus = new RedisStreamBus({
        redisUrl: redis.url,
        logger,
        blockMs: 200,
        claimIdleMs: 300,
        claimIntervalMs: 100,
        retry: { initialDelayMs: 5, maxDelayMs: 20 },
      });
      const received: string[] = [];
      await bus.subscribe({ group: 'audit' }, async (delivered) => {
        received.push(delivered.id);
      });
      const before = event(1);
      await bus.publish([before]);
      await waitFor(() => received.includes(before.id), 5_000, 'delivery before the outage');
      expect(await bus.healthy()).toBe(true);

      await redis.stop();
      await waitFor(async () => !(await bus.healthy()), 5_000, 'the bus noticing the outage');
      // Not queued behind the reconnect: the outbox relay keeps the rows and retries.
      const refused = await bus.publish([event(2)]).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(dependencyOutage(refused)).toEqual({ dependency: 'redis', detail: expect.any(String) });

      // A restarted Redis without persistence: the stream and the group are gone and are recreated.
      await redis.start();
      await waitFor(() => bus.healthy(), 10_000, 'the bus reconnecting');
      const after = event(3);
      await waitFor(
        async () => {
          try {
            await bus.publish([after]);
            return true;
          } catch {
            return false;
          }
        },
        10_000,
        'a publish after the restart',
      );
      await waitFor(() => received.includes(after.id), 15_000, 'delivery after the restart');
      expect(received.filter((id) => id === after.id)).toHaveLength(1);
    }, 60_000);
  },
);
