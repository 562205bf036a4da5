import { buildSchema, parse, type ExecutionResult } from 'graphql';
import {
  ANONYMOUS,
  createEvent,
  createLogger,
  InProcessEventBus,
  Scope,
  type KeyPrincipal,
} from '@mcpr/platform';
import { AnalyticsTicker, type AnalyticsSource } from '../src/subscriptions/analytics-feed';
import { BoundedQueue } from '../src/subscriptions/bounded-queue';
import { closeReason } from '../src/subscriptions/connection';
import { clientIpResolver } from '../src/subscriptions/connection-auth';
import { documentLimitErrors } from '../src/subscriptions/document-limits';
import { forwardedQuery } from '../src/subscriptions/entity-fetcher';
import { SubscriptionQuota, resolveLiveLimits } from '../src/subscriptions/limits';
import { liveLimitsFromConfig } from '../src/subscriptions/live-env';
import { LiveExecutor, type LivePayload } from '../src/subscriptions/live-execution';
import { LiveFeed } from '../src/subscriptions/live-feed';
import { LiveStream } from '../src/subscriptions/live-stream';
import { activityMatcher, visibilityOf } from '../src/subscriptions/visibility';

const logger = createLogger('live-test', 'silent');

function key(scopes: Scope[]): KeyPrincipal {
  return {
    kind: 'key',
    keyId: `key-${scopes.join('-') || 'none'}`,
    accountId: 'acc',
    handle: 'alice',
    scopes,
    namespacePatterns: [],
    expiresAt: null,
  };
}

const event = (type: string, subject = 'io.github.acme/weather') =>
  createEvent({ type, source: 'test', actor: 'alice', subject, data: {} });

describe('BoundedQueue', () => {
  it('keeps order and drops the oldest when full', () => {
    const queue = new BoundedQueue<number>(3);
    expect([1, 2, 3].map((n) => queue.push(n).dropped)).toEqual([false, false, false]);
    expect(queue.push(4)).toEqual({ dropped: true, item: 1 });
    expect(queue.push(5)).toEqual({ dropped: true, item: 2 });
    expect(queue.length).toBe(3);
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual([3, 4, 5, undefined]);
    queue.push(6);
    expect(queue.shift()).toBe(6);
    expect(() => new BoundedQueue(0)).toThrow(/capacity/);
  });
});

describe('LiveStream (bounded per-subscription queue)', () => {
  it('hands items to a waiting reader at once, without queueing', async () => {
    const stream = new LiveStream<number>({ capacity: 1, overflow: 'drop-oldest' });
    const next = stream.next();
    stream.push(1);
    stream.push(2);
    expect(await next).toEqual({ value: 1, done: false });
    expect(await stream.next()).toEqual({ value: 2, done: false });
    expect(stream.queued).toBe(0);
  });

  it('drops the oldest for a reader that is behind and reports the count with the next item', async () => {
    const stream = new LiveStream<number>({ capacity: 3, overflow: 'drop-oldest' });
    for (let i = 1; i <= 10; i += 1) stream.push(i); // 1..7 dropped, 8, 9, 10 kept
    expect(stream.queued).toBe(3);
    expect(stream.droppedTotal).toBe(7);
    expect(await stream.next()).toEqual({ value: 8, done: false });
    expect(stream.takeDropped()).toBe(7);
    expect(await stream.next()).toEqual({ value: 9, done: false });
    expect(stream.takeDropped()).toBe(0);
    stream.push(11);
    stream.push(12);
    stream.push(13); // 10 dropped
    expect(await stream.next()).toEqual({ value: 11, done: false });
    expect(stream.takeDropped()).toBe(1);
    expect(stream.delivered).toBe(3);
  });

  it('memory stays at the capacity whatever is pushed', () => {
    const stream = new LiveStream<Buffer>({ capacity: 16, overflow: 'drop-oldest' });
    for (let i = 0; i < 100_000; i += 1) stream.push(Buffer.alloc(1));
    expect(stream.queued).toBe(16);
    expect(stream.droppedTotal).toBe(100_000 - 16);
  });

  it('under the disconnect policy calls onOverflow once, at the first drop', () => {
    const onOverflow = jest.fn();
    const stream = new LiveStream<number>({ capacity: 2, overflow: 'disconnect', onOverflow });
    for (let i = 0; i < 5; i += 1) stream.push(i);
    expect(onOverflow).toHaveBeenCalledTimes(1);
  });

  it('ends on return(): the waiting reader is released, later pushes are ignored, onClose runs once', async () => {
    const onClose = jest.fn();
    const stream = new LiveStream<number>({ capacity: 4, overflow: 'drop-oldest', onClose });
    const pending = stream.next();
    await stream.return();
    await stream.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    stream.push(1);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});

describe('SubscriptionQuota and limits', () => {
  it('caps per owner and frees slots on release', () => {
    const quota = new SubscriptionQuota(2);
    expect([quota.acquire('a'), quota.acquire('a'), quota.acquire('a'), quota.acquire('b')]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    quota.release('a');
    expect(quota.available('a')).toBe(true);
    expect(quota.count('a')).toBe(1);
  });

  it('reads overrides from the environment and keeps defaults for the rest', () => {
    const limits = resolveLiveLimits(
      liveLimitsFromConfig({ LIVE_QUEUE_SIZE: 8, LIVE_OVERFLOW: 'disconnect', GRAPHQL_MAX_DEPTH: 5 }),
    );
    expect(limits).toMatchObject({
      queueSize: 8,
      overflow: 'disconnect',
      maxDepth: 5,
      maxSubscriptionsPerConnection: 10,
    });
  });
});

describe('activity visibility and filters', () => {
  const auditor = key([Scope.AUDIT_READ]);
  const publisher = key([Scope.SERVERS_PUBLISH]);

  it('classifies event types', () => {
    expect(visibilityOf('version.published')).toBe('public');
    expect(visibilityOf('tier.changed')).toBe('public');
    expect(visibilityOf('auth.failed')).toBe('restricted');
    expect(visibilityOf('install.recorded')).toBe('restricted');
    expect(visibilityOf('apikey.created')).toBe('restricted');
    expect(visibilityOf('search.performed')).toBe('never');
  });

  it('streams security events only to AUDIT_READ (or ADMIN), never search.performed', () => {
    const all = [
      'version.published',
      'auth.failed',
      'access.denied',
      'ratelimit.exceeded',
      'search.performed',
    ];
    const seen = (principal: Parameters<typeof activityMatcher>[1]) =>
      all.filter((type) => activityMatcher(null, principal)(event(type)));
    expect(seen(ANONYMOUS)).toEqual(['version.published']);
    expect(seen(publisher)).toEqual(['version.published']);
    expect(seen(auditor)).toEqual([
      'version.published',
      'auth.failed',
      'access.denied',
      'ratelimit.exceeded',
    ]);
    expect(seen(key([Scope.ADMIN]))).toEqual(seen(auditor));
  });

  it('filters by exact type, family and subject prefix', () => {
    const matches = activityMatcher(
      { types: ['version.*', 'tier.changed'], subjectPrefix: 'io.github.acme/' },
      ANONYMOUS,
    );
    expect(matches(event('version.published'))).toBe(true);
    expect(matches(event('version.status_changed'))).toBe(true);
    expect(matches(event('tier.changed'))).toBe(true);
    expect(matches(event('scan.completed'))).toBe(false);
    expect(matches(event('version.published', 'io.github.other/x'))).toBe(false);
    expect(activityMatcher({ types: ['*'] }, ANONYMOUS)(event('scan.completed'))).toBe(true);
    // A family pattern leaves out what the caller may not see instead of failing.
    expect(activityMatcher({ types: ['auth.*'] }, ANONYMOUS)(event('auth.failed'))).toBe(false);
  });

  it('refuses exact restricted types without AUDIT_READ, and malformed filters', () => {
    expect(() => activityMatcher({ types: ['auth.failed'] }, ANONYMOUS)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => activityMatcher({ types: ['search.performed'] }, auditor)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => activityMatcher({ types: ['auth.failed'] }, auditor)).not.toThrow();
    expect(() => activityMatcher({ types: ['Version Published'] }, ANONYMOUS)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(() => activityMatcher({ types: Array.from({ length: 51 }, () => 'a.b') }, ANONYMOUS)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});

describe('LiveExecutor', () => {
  const schema = buildSchema(`
    type Query { ok: Boolean }
    type Event { id: ID! type: String! }
    type Subscription { events: Event! }
  `);

  it('executes once per event and document, and adds extensions.dropped after drops', async () => {
    const executed = { count: 0 };
    const streams = [1, 2].map(() => new LiveStream<LivePayload>({ capacity: 2, overflow: 'drop-oldest' }));
    const executor = new LiveExecutor();
    const fields = schema.getSubscriptionType()!.getFields();
    fields.events!.resolve = (payload: LivePayload) => {
      executed.count += 1;
      return payload.value;
    };
    const iterators: AsyncIterator<ExecutionResult>[] = [];
    for (const stream of streams) {
      fields.events!.subscribe = () => stream;
      const result = await executor.subscribe({
        schema,
        document: parse('subscription { events { id type } }'),
        contextValue: { documentKey: 'same-document' },
      });
      iterators.push(result as AsyncIterator<ExecutionResult>);
    }
    for (let i = 1; i <= 5; i += 1) {
      for (const stream of streams)
        stream.push({ key: `e${i}`, value: { id: `e${i}`, type: 'version.published' } });
    }
    const first = await iterators[0]!.next();
    expect(first.value).toEqual({
      data: { events: { id: 'e4', type: 'version.published' } },
      extensions: { dropped: 3 },
    });
    const second = await iterators[1]!.next();
    expect(second.value.data).toEqual({ events: { id: 'e4', type: 'version.published' } });
    expect((await iterators[0]!.next()).value).toEqual({
      data: { events: { id: 'e5', type: 'version.published' } },
    });
    expect(executed.count).toBe(2); // e4 and e5, shared by both subscribers
    await iterators[0]!.return!();
    expect(streams[0]!.isClosed).toBe(true);
  });
});

describe('document limits', () => {
  it('counts depth through fragments and aliases over the document', () => {
    const deep = parse(
      'subscription { activity { server { versions { edges { node { server { name } } } } } } }',
    );
    expect(documentLimitErrors(deep, { maxDepth: 8, maxAliases: 15 })).toEqual([]);
    expect(documentLimitErrors(deep, { maxDepth: 5, maxAliases: 15 })[0]?.extensions).toEqual({
      code: 'GRAPHQL_VALIDATION_FAILED',
      limit: 'depth',
    });
    const aliased = parse(
      'subscription { activity { a: id b: id c: id ...F } } fragment F on ActivityEvent { d: id }',
    );
    expect(documentLimitErrors(aliased, { maxDepth: 8, maxAliases: 3 })[0]?.extensions?.limit).toBe(
      'aliases',
    );
  });
});

describe('entity forwarding', () => {
  it('forwards the selection with its fragments and used variables, adding __typename', () => {
    const schema = buildSchema(`
      type Query { server(name: String!): Server }
      type Server { name: String! versions(first: Int): [String!]! }
      type Event { id: ID! server: Server }
      type Subscription { activity: Event! }
    `);
    const document = parse(`
      subscription ($n: Int, $unused: Int) { activity { server { n: name ...V } } }
      fragment V on Server { versions(first: $n) }
    `);
    let captured: ReturnType<typeof forwardedQuery> | undefined;
    const field = (schema.getType('Event') as any).getFields().server;
    field.resolve = (_source: unknown, _args: unknown, _ctx: unknown, info: any) => {
      captured = forwardedQuery('server', 'name', 'String!', 'io.x/a', info);
      return null;
    };
    const { execute } = jest.requireActual('graphql') as typeof import('graphql');
    void execute({
      schema,
      document,
      rootValue: { activity: { id: '1' } },
      variableValues: { n: 3, unused: 1 },
    });
    expect(captured!.variables).toEqual({ liveName: 'io.x/a', n: 3 });
    expect(captured!.query).toContain('query LiveEntity($liveName: String!, $n: Int)');
    expect(captured!.query).toContain('entity: server(name: $liveName)');
    expect(captured!.query).toMatch(/n: name\s+\.\.\.V\s+__typename/);
    expect(captured!.query).toMatch(/fragment V on Server \{\s+versions\(first: \$n\)\s+__typename/);
    expect(parse(captured!.query)).toBeDefined();
  });
});

describe('close reasons', () => {
  it('fit the 123-byte limit of a close frame', () => {
    expect(closeReason('Idle timeout')).toBe('Idle timeout');
    const long = closeReason('Unauthorized: ' + 'é'.repeat(100));
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(123);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('client address', () => {
  const request = (remoteAddress: string, forwarded?: string) =>
    ({ socket: { remoteAddress }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as any;

  it('is req.ip under the gateway’s TRUST_PROXY (default: X-Forwarded-For from loopback only)', () => {
    const clientIpOf = clientIpResolver();
    expect(clientIpOf(request('203.0.113.9', '198.51.100.1'))).toBe('203.0.113.9');
    expect(clientIpOf(request('127.0.0.1', '198.51.100.1'))).toBe('198.51.100.1');
    expect(clientIpOf(request('::ffff:127.0.0.1', '198.51.100.1, 127.0.0.1'))).toBe('198.51.100.1');
    expect(clientIpOf(request('::1'))).toBe('::1');
    expect(clientIpResolver('false')(request('127.0.0.1', '198.51.100.1'))).toBe('127.0.0.1');
    expect(clientIpResolver('1')(request('203.0.113.9', '198.51.100.1, 192.0.2.7'))).toBe('192.0.2.7');
  });
});

describe('AnalyticsTicker', () => {
  it('fetches once per tick for every subscriber of an interval and serves a fresh snapshot at once', async () => {
    let fetches = 0;
    const source: AnalyticsSource = {
      snapshot: async () => ({ at: new Date().toISOString(), publishesLastMinute: ++fetches }),
    };
    const ticker = new AnalyticsTicker(source, logger);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const stopA = ticker.subscribe(1, (snapshot) => a.push(snapshot.value.publishesLastMinute));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopB = ticker.subscribe(1, (snapshot) => b.push(snapshot.value.publishesLastMinute));
    expect(a).toEqual([1]);
    expect(b).toEqual([1]); // the latest snapshot is fresh: no second fetch
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(a).toEqual([1, 2]);
    expect(b).toEqual([1, 2]);
    expect(fetches).toBe(2);
    stopA();
    stopB();
    expect(ticker.activeIntervals).toEqual([]);
    ticker.close();
  });

  it('skips a tick whose fetch fails', async () => {
    const source: AnalyticsSource = { snapshot: () => Promise.reject(new Error('audit down')) };
    const ticker = new AnalyticsTicker(source, logger);
    const received: unknown[] = [];
    const stop = ticker.subscribe(1, (snapshot) => received.push(snapshot));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([]);
    stop();
    ticker.close();
  });
});

describe('LiveFeed', () => {
  it('is never handed the types no live client may receive', async () => {
    const bus = new InProcessEventBus({ logger });
    const feed = await LiveFeed.start(bus, logger);
    const seen: string[] = [];
    feed.listen((e) => void seen.push(e.type));
    // The in-process bus resolves publish once every matching group has handled the events.
    await bus.publish([event('search.performed'), event('version.published'), event('search.performed')]);
    await new Promise((resolve) => setImmediate(resolve)); // the feed dispatches on its next turn
    expect(seen).toEqual(['version.published']);
    expect(feed.received).toBe(1);
    await feed.close();
    await bus.close();
  });
});
