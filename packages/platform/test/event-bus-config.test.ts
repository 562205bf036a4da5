import {
  createEventBus,
  createLogger,
  eventTypeFilter,
  eventTypeFilterKey,
  InProcessEventBus,
  RedisStreamBus,
  testRedisUrl,
} from '../src';

const logger = createLogger('test', 'silent');

describe('eventTypeFilter', () => {
  it('matches exact types and dotted prefixes', () => {
    const matches = eventTypeFilter(['server.created', 'version.*']);
    expect(['server.created', 'version.published', 'version.status_changed'].every(matches)).toBe(true);
    expect(['server.deleted', 'version', 'versions.published', 'install.recorded'].some(matches)).toBe(false);
  });

  it('matches everything without a list or with *', () => {
    expect(eventTypeFilter()('anything.at_all')).toBe(true);
    expect(eventTypeFilter([])('x')).toBe(true);
    expect(eventTypeFilter(['*'])('x')).toBe(true);
  });

  it('excludes !patterns whatever else matches', () => {
    const allBut = eventTypeFilter(['*', '!search.performed']);
    expect(['server.created', 'search.other', 'search'].every(allBut)).toBe(true);
    expect(allBut('search.performed')).toBe(false);
    // Exclusions alone mean "everything but".
    const noSearch = eventTypeFilter(['!search.*']);
    expect(noSearch('version.published')).toBe(true);
    expect(noSearch('search.performed')).toBe(false);
    const versionsButDeleted = eventTypeFilter(['version.*', '!version.deleted']);
    expect(versionsButDeleted('version.published')).toBe(true);
    expect(['version.deleted', 'server.created'].some(versionsButDeleted)).toBe(false);
  });

  it('keys the same filter the same way, and exclusions apart', () => {
    expect(eventTypeFilterKey(['b', 'a', 'a'])).toBe('a,b');
    expect(eventTypeFilterKey([])).toBe('*');
    expect(eventTypeFilterKey(['!x', '*'])).toBe(eventTypeFilterKey(['!x']));
    expect(eventTypeFilterKey(['!x'])).not.toBe(eventTypeFilterKey(['*']));
    expect(eventTypeFilterKey(['!y', '!x'])).toBe(eventTypeFilterKey(['!x', '!y']));
  });
});

describe('testRedisUrl', () => {
  it('returns REDIS_URL when set', () => {
    expect(testRedisUrl({ REDIS_URL: 'redis://127.0.0.1:6379', CI: 'true' })).toBe('redis://127.0.0.1:6379');
  });
  it('is undefined on a plain machine, so Redis suites skip', () => {
    expect(testRedisUrl({})).toBeUndefined();
  });
  it('throws under CI=true, so Redis suites cannot silently vanish', () => {
    expect(() => testRedisUrl({ CI: 'true' })).toThrow(/REDIS_URL/);
  });
});

describe('createEventBus', () => {
  it('is in-process without redisUrl', async () => {
    const bus = createEventBus({ logger });
    expect(bus).toBeInstanceOf(InProcessEventBus);
    expect(await bus.healthy()).toBe(true);
    await bus.close();
  });

  it('is Redis Streams with redisUrl (chosen by configuration, not by probing)', async () => {
    // Nothing listens on port 1; the bus is still the Redis one, and simply not healthy.
    const bus = createEventBus({ logger, redisUrl: 'redis://127.0.0.1:1', streamKey: 'mcpr:test:config' });
    expect(bus).toBeInstanceOf(RedisStreamBus);
    expect((bus as RedisStreamBus).streamKey).toBe('mcpr:test:config');
    expect(await bus.healthy()).toBe(false);
    await bus.close();
  });
});
