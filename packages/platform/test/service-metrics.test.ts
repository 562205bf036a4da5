import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import express from 'express';
import {
  BoundedLabel,
  createEvent,
  createLogger,
  createServiceMetrics,
  EVENT_NAME_PATTERN,
  InProcessEventBus,
  listen,
  processMetricsRegistry,
  RedisStreamBus,
  runReadinessChecks,
  dependencyChecks,
  testRedisUrl,
  waitFor,
  type FinishedRequest,
} from '../src';
import { duplicateFamilies, duplicateSeries, labelValues, sample } from '../src';

const logger = createLogger('test', 'silent');

function finished(overrides: Partial<FinishedRequest> = {}): FinishedRequest {
  return {
    method: 'POST',
    path: '/graphql',
    route: '/graphql',
    status: 200,
    ms: 12,
    operationName: null,
    requestId: null,
    errorCodes: [],
    aborted: false,
    ...overrides,
  };
}

describe('createServiceMetrics', () => {
  it('counts requests per route template, latency per operation, and errors by code', async () => {
    const metrics = createServiceMetrics('registry', { defaultMetrics: false });
    const app = express();
    app.use(metrics.middleware);
    app.get('/items/:id', (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/metrics', metrics.handler);
    const listening = await listen(app, 0);
    try {
      await fetch(`${listening.url}/items/1`);
      await fetch(`${listening.url}/items/2`);
      await fetch(`${listening.url}/no/such/path`);
      metrics.observe(finished({ operationName: 'ListServers', ms: 40 }));
      metrics.observe(finished({ operationName: 'ListServers', errorCodes: ['NOT_FOUND', 'made-up code'] }));
      const response = await fetch(`${listening.url}/metrics`);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      const labels = { service: 'registry' };
      expect(
        sample(text, 'mcpr_http_requests_total', { ...labels, route: '/items/:id', status: '200' }),
      ).toBe(2);
      expect(sample(text, 'mcpr_http_requests_total', { route: 'other', status: '404' })).toBe(1);
      expect(sample(text, 'mcpr_http_request_duration_seconds_count', { route: '/items/:id' })).toBe(2);
      expect(
        sample(text, 'mcpr_operation_duration_seconds_count', { operation: 'ListServers', outcome: 'ok' }),
      ).toBe(1);
      expect(
        sample(text, 'mcpr_operation_duration_seconds_count', { operation: 'ListServers', outcome: 'error' }),
      ).toBe(1);
      expect(sample(text, 'mcpr_errors_total', { ...labels, code: 'NOT_FOUND' })).toBe(1);
      // A code outside the registry is counted, under one bounded label.
      expect(sample(text, 'mcpr_errors_total', { code: 'OTHER' })).toBe(1);
      expect(labelValues(text, 'mcpr_errors_total', 'code').sort()).toEqual(['NOT_FOUND', 'OTHER']);
      expect(text).not.toMatch(/^process_/m);
    } finally {
      await listening.close();
    }
  });

  it('keeps client-chosen operation names bounded', async () => {
    const metrics = createServiceMetrics('gateway', { defaultMetrics: false });
    for (let i = 0; i < 250; i += 1) metrics.observe(finished({ operationName: `Op${i}` }));
    metrics.observe(finished({ operationName: 'not a name!' }));
    metrics.observe(finished({ operationName: null }));
    const operations = labelValues(
      await metrics.metrics(),
      'mcpr_operation_duration_seconds_count',
      'operation',
    );
    expect(operations).toHaveLength(200 + 3);
    expect(operations).toEqual(expect.arrayContaining(['Op0', 'Op199', 'other', 'invalid', 'anonymous']));
    expect(operations).not.toContain('Op200');
  });

  it('serves the gauges a service registers, read at each scrape', async () => {
    const metrics = createServiceMetrics('search', { defaultMetrics: false });
    let backlog = 3;
    metrics.gauge('search_things_waiting', 'Things waiting.', () => backlog);
    expect(sample(await metrics.metrics(), 'mcpr_search_things_waiting')).toBe(3);
    backlog = 0;
    expect(await metrics.metrics()).toMatch(/^# HELP mcpr_search_things_waiting Things waiting\.$/m);
    expect(sample(await metrics.metrics(), 'mcpr_search_things_waiting')).toBe(0);
  });

  it('bounds labels: first values kept, then other; malformed invalid; missing anonymous', () => {
    const label = new BoundedLabel(2);
    expect([label.value('A'), label.value('B'), label.value('C'), label.value('A')]).toEqual([
      'A',
      'B',
      'other',
      'A',
    ]);
    expect(label.value('not valid!')).toBe('invalid');
    expect(label.value(null)).toBe('anonymous');
    const types = new BoundedLabel(10, EVENT_NAME_PATTERN);
    expect(types.value('version.published')).toBe('version.published');
    expect(types.value('gateway-live-host-1234')).toBe('gateway-live-host-1234');
    expect(types.value('x'.repeat(101))).toBe('invalid');
    expect(types.value('a"b')).toBe('invalid');
  });

  it('collects the process metrics once per process: several services, no duplicate series in a scrape', async () => {
    const shared = processMetricsRegistry();
    const families = shared.getMetricsAsArray().length;
    const services = ['gateway', 'registry', 'trust', 'audit', 'search'].map((name) =>
      createServiceMetrics(name),
    );
    expect(processMetricsRegistry()).toBe(shared);
    expect(shared.getMetricsAsArray()).toHaveLength(families);
    for (const metrics of services) {
      metrics.observe(finished({ operationName: 'Q' }));
      const text = await metrics.metrics();
      expect(duplicateFamilies(text)).toEqual([]);
      expect(duplicateSeries(text)).toEqual([]);
      expect(text.match(/^process_cpu_user_seconds_total /gm)).toHaveLength(1);
      expect(text.match(/^# TYPE nodejs_heap_size_used_bytes /gm)).toHaveLength(1);
      // The service's own series carry its name; only the process series are unlabelled.
      expect(sample(text, 'mcpr_http_requests_total', { service: metrics.service })).toBe(1);
      expect(labelValues(text, 'mcpr_http_requests_total', 'service')).toEqual([metrics.service]);
    }
  });
});

describe('event metrics (through a bus view)', () => {
  let bus: InProcessEventBus;
  afterEach(async () => {
    await bus.close();
  });

  it('measures lag from occurredAt to handled, per group and type, and counts failed attempts', async () => {
    bus = new InProcessEventBus({ logger, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
    const metrics = createServiceMetrics('audit', { defaultMetrics: false });
    const observed = metrics.observeBus(bus);
    let failOnce = true;
    const seen: string[] = [];
    await observed.subscribe({ group: 'audit', types: ['version.*'] }, async (event) => {
      if (event.type === 'version.status_changed' && failOnce) {
        failOnce = false;
        throw new Error('transient');
      }
      seen.push(event.id);
    });
    const twoSecondsAgo = new Date(Date.now() - 2_000);
    const events = [
      createEvent({
        type: 'version.published',
        source: 'registry',
        actor: 'a',
        subject: 's',
        data: {},
        occurredAt: twoSecondsAgo,
      }),
      createEvent({
        type: 'version.published',
        source: 'registry',
        actor: 'a',
        subject: 's',
        data: {},
        occurredAt: twoSecondsAgo,
      }),
      createEvent({ type: 'version.status_changed', source: 'registry', actor: 'a', subject: 's', data: {} }),
    ];
    await bus.publish(events); // the in-process bus resolves once the group handled them
    expect(seen).toHaveLength(3);

    const text = await metrics.metrics();
    const published = { service: 'audit', group: 'audit', type: 'version.published' };
    expect(sample(text, 'mcpr_event_lag_seconds_count', published)).toBe(2);
    expect(sample(text, 'mcpr_event_lag_seconds_sum', published)).toBeGreaterThanOrEqual(4);
    // Two seconds late: not in the 1 s bucket, within the 2.5 s one.
    expect(sample(text, 'mcpr_event_lag_seconds_bucket', { ...published, le: '1' })).toBe(0);
    expect(sample(text, 'mcpr_event_lag_seconds_bucket', { ...published, le: '2.5' })).toBe(2);
    expect(sample(text, 'mcpr_event_deliveries_total', { ...published, outcome: 'handled' })).toBe(2);
    const changed = { group: 'audit', type: 'version.status_changed' };
    expect(sample(text, 'mcpr_event_deliveries_total', { ...changed, outcome: 'failed' })).toBe(1);
    expect(sample(text, 'mcpr_event_deliveries_total', { ...changed, outcome: 'handled' })).toBe(1);
    expect(sample(text, 'mcpr_event_lag_seconds_count', changed)).toBe(1);
  });

  it('closing the view closes only the subscriptions made through it (the bus is shared)', async () => {
    bus = new InProcessEventBus({ logger });
    const view = createServiceMetrics('search', { defaultMetrics: false }).observeBus(bus);
    const viaView: string[] = [];
    const direct: string[] = [];
    await view.subscribe({ group: 'search' }, async (event) => void viaView.push(event.id));
    await bus.subscribe({ group: 'audit' }, async (event) => void direct.push(event.id));
    await view.close();
    expect(await bus.healthy()).toBe(true);
    await bus.publish([
      createEvent({ type: 'server.created', source: 'r', actor: 'a', subject: 's', data: {} }),
    ]);
    await waitFor(() => direct.length === 1);
    expect(viaView).toEqual([]);
  });
});

const redisUrl = testRedisUrl();

(redisUrl ? describe : describe.skip)(
  redisUrl
    ? 'event metrics and readiness on Redis Streams'
    : 'event metrics on Redis (skipped: REDIS_URL not set)',
  () => {
    const streamKey = `mcpr:test:metrics:${process.pid}:${randomBytes(4).toString('hex')}`;
    let bus: RedisStreamBus;
    afterAll(async () => {
      await bus?.close();
      const admin = new Redis(redisUrl!, { protocol: 2 });
      await admin.del(streamKey, `${streamKey}:parked`);
      await admin.quit();
    });

    it('measures lag through the same bus view, and /ready names the bus once it is gone', async () => {
      bus = new RedisStreamBus({ redisUrl: redisUrl!, logger, streamKey, blockMs: 100 });
      const metrics = createServiceMetrics('search', { defaultMetrics: false });
      const handled: string[] = [];
      await metrics
        .observeBus(bus)
        .subscribe({ group: 'search', types: ['version.*'] }, async (event) => void handled.push(event.id));
      const occurredAt = new Date(Date.now() - 3_000);
      await bus.publish([
        createEvent({
          type: 'version.published',
          source: 'registry',
          actor: 'a',
          subject: 's',
          data: {},
          occurredAt,
        }),
      ]);
      await waitFor(() => handled.length === 1, 5_000, 'delivered through Redis');
      const text = await metrics.metrics();
      const labels = { group: 'search', type: 'version.published' };
      expect(sample(text, 'mcpr_event_lag_seconds_count', labels)).toBe(1);
      expect(sample(text, 'mcpr_event_lag_seconds_sum', labels)).toBeGreaterThanOrEqual(3);

      const checks = dependencyChecks({ bus });
      expect(await runReadinessChecks(checks)).toEqual({ ready: true, checks: { bus: true }, failing: [] });
      await bus.close();
      expect(await runReadinessChecks(checks)).toEqual({
        ready: false,
        checks: { bus: false },
        failing: ['bus'],
      });
    });
  },
);
