import { createLogger, Scope, type Principal } from '@mcpr/platform';
import { GatewayRateLimiter, type RateDecision } from '../src/rate-limit/limiter';
import { privateRedisUnavailable, startPrivateRedis, type PrivateRedis } from '@mcpr/platform';

const skipped = privateRedisUnavailable();

const caller: Principal = {
  kind: 'key',
  keyId: 'key-1',
  accountId: 'account-1',
  handle: 'alice',
  scopes: [Scope.SERVERS_PUBLISH],
  namespacePatterns: ['io.github.alice/*'],
  expiresAt: null,
};

/**
 * The Redis counter store failing under a running gateway, on a private redis-server: publishes fail closed,
 * reads fall back to in-memory limits, and both come back when Redis does — stopped or frozen (SIGSTOP).
 */
(skipped ? describe.skip : describe)(
  `rate-limit store outages${skipped ? ` (skipped: ${skipped})` : ''}`,
  () => {
    let redis: PrivateRedis;
    let limiter: GatewayRateLimiter;

    beforeAll(async () => {
      redis = await startPrivateRedis();
      limiter = GatewayRateLimiter.create(
        {
          enabled: true,
          perMinute: { reads: 100, searches: 100, installs: 100, publishes: 100 },
          redisUrl: redis.url,
          keyPrefix: 'test:ratelimit',
        },
        createLogger('test', 'silent'),
      )!;
      const ready = Date.now() + 10_000;
      while ((await limiter.check(caller, { publishes: 1 })).kind !== 'allowed') {
        if (Date.now() > ready) throw new Error('the limiter never reached Redis');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    afterAll(async () => {
      await limiter?.close();
      await redis?.close();
    });

    const publish = () => limiter.check(caller, { publishes: 1 });
    const read = () => limiter.check(caller, { reads: 1 });

    async function eventually(check: () => Promise<RateDecision>, kind: RateDecision['kind']) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const decision = await check();
        if (decision.kind === kind) return decision;
        if (Date.now() > deadline) throw new Error(`still ${decision.kind}, expected ${kind}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    it('a new limiter waits for the store, so its first requests count there and not in memory', async () => {
      // Two limiters = two gateways sharing one Redis; each checks right after it was created.
      const settings = {
        enabled: true,
        perMinute: { reads: 2, searches: 100, installs: 100, publishes: 100 },
        redisUrl: redis.url,
        keyPrefix: `test:ratelimit:fresh-${Date.now()}`,
      };
      const first = GatewayRateLimiter.create(settings, createLogger('test', 'silent'))!;
      const second = GatewayRateLimiter.create(settings, createLogger('test', 'silent'))!;
      try {
        expect(await first.connected()).toBe(true);
        expect(await second.connected()).toBe(true);
        const kinds = [
          (await first.check(caller, { reads: 1 })).kind,
          (await second.check(caller, { reads: 1 })).kind,
          (await first.check(caller, { reads: 1 })).kind,
        ];
        expect(kinds).toEqual(['allowed', 'allowed', 'limited']);
      } finally {
        await first.close();
        await second.close();
      }
    });

    it('connected() gives up at its deadline while the store is down', async () => {
      await redis.stop();
      const limiter = GatewayRateLimiter.create(
        {
          enabled: true,
          perMinute: { reads: 2, searches: 100, installs: 100, publishes: 100 },
          redisUrl: redis.url,
          keyPrefix: 'test:ratelimit:down',
        },
        createLogger('test', 'silent'),
      )!;
      try {
        expect(await limiter.connected(300)).toBe(false);
        expect(await limiter.check(caller, { reads: 1 })).toMatchObject({ kind: 'allowed' });
      } finally {
        await limiter.close();
        await redis.start();
      }
      await eventually(publish, 'allowed');
    });

    it('with Redis stopped: refuses publishes, limits reads in memory, and recovers on restart', async () => {
      await redis.stop();
      expect(await publish()).toEqual({ kind: 'unavailable', budget: 'publishes' });
      expect(await read()).toMatchObject({ kind: 'allowed', state: { budget: 'reads', limit: 100 } });
      await redis.start();
      await eventually(publish, 'allowed');
    });

    it('with Redis frozen: the command timeout turns a hang into the same answers', async () => {
      redis.freeze();
      try {
        expect(await publish()).toEqual({ kind: 'unavailable', budget: 'publishes' });
        expect(await read()).toMatchObject({ kind: 'allowed', state: { budget: 'reads' } });
      } finally {
        redis.thaw();
      }
      await eventually(publish, 'allowed');
    });
  },
);
