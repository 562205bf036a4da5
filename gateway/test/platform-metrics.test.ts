import {
  createEventBus,
  createLogger,
  duplicateSeries,
  runReadinessChecks,
  sample,
  waitFor,
} from '@mcpr/platform';
import { createSubgraphAgent } from '../src/subgraph-data-source';
import { gatewayReadinessChecks } from '../src/readiness';
import { startStack, type Stack } from './support/stack';
import { http } from './support/http';
import { createKey, manifest, publish } from './support/registry';

describe('observability of every service in the embedded platform (one process)', () => {
  let stack: Stack;
  let urls: Record<'gateway' | 'registry' | 'trust' | 'audit' | 'search', string>;
  const scrape = async (service: keyof typeof urls) => (await http(`${urls[service]}/metrics`)).text;

  beforeAll(async () => {
    stack = await startStack({ RATE_LIMITS: 'off' });
    const [registry, trust, audit, search] = stack.platform.services;
    urls = {
      gateway: stack.url,
      registry: registry!.url,
      trust: trust!.url,
      audit: audit!.url,
      search: search!.url,
    };
    const publisher = await createKey(stack.url, stack.adminKey, {
      account: 'metrics',
      scopes: ['SERVERS_PUBLISH'],
      namespaces: ['io.github.metrics/*'],
    });
    await publish(stack.url, publisher.secret, manifest('io.github.metrics/weather'));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('serves /metrics on every service, labelled by service, with the process metrics once per scrape', async () => {
    for (const service of Object.keys(urls) as (keyof typeof urls)[]) {
      expect((await http(`${urls[service]}/health`)).status).toBe(200);
      const response = await http(`${urls[service]}/metrics`);
      expect(response.status).toBe(200);
      const text = response.text;
      expect(duplicateSeries(text)).toEqual([]);
      expect(text.match(/^process_cpu_user_seconds_total /gm)).toHaveLength(1);
      expect(sample(text, 'mcpr_http_requests_total', { service, route: '/health' })).toBeGreaterThan(0);
    }
  });

  it('measures subgraph operations: the gateway’s fetch for PublishServer on the registry', async () => {
    const text = await scrape('registry');
    const operations = [
      ...text.matchAll(/^mcpr_operation_duration_seconds_count\{[^}]*operation="([^"]+)"/gm),
    ].map((match) => match[1]);
    expect(operations.some((operation) => operation!.startsWith('PublishServer'))).toBe(true);
  });

  it('reports the registry outbox (published, drained) and every consumer group’s event lag', async () => {
    await waitFor(
      async () =>
        (
          await Promise.all(
            (['trust', 'audit', 'search'] as const).map(async (service) =>
              sample(await scrape(service), 'mcpr_event_lag_seconds_count', {
                group: service,
                type: 'version.published',
              }),
            ),
          )
        ).every((count) => count === 1),
      10_000,
      'every consumer handled version.published',
    );
    const registry = await scrape('registry');
    expect(sample(registry, 'mcpr_outbox_published_total', { service: 'registry' })).toBeGreaterThanOrEqual(
      3,
    );
    expect(sample(registry, 'mcpr_outbox_backlog', { service: 'registry' })).toBe(0);
    expect(sample(registry, 'mcpr_outbox_oldest_unsent_age_seconds', { service: 'registry' })).toBe(0);
    const audit = await scrape('audit');
    expect(
      sample(audit, 'mcpr_event_deliveries_total', {
        service: 'audit',
        group: 'audit',
        type: 'version.published',
        outcome: 'handled',
      }),
    ).toBe(1);
    // Each service reports only its own groups.
    expect(audit).not.toMatch(/group="trust"/);
  });

  it('answers /ready on every subgraph with each dependency checked', async () => {
    const expected = {
      registry: { database: true, bus: true, adminKey: true },
      trust: { database: true, bus: true },
      audit: { database: true, bus: true },
    };
    for (const [service, checks] of Object.entries(expected)) {
      const response = await http(`${urls[service as keyof typeof urls]}/ready`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ready', service, checks });
    }
    const search = await http(`${urls.search}/ready`);
    expect(search.body.checks).toEqual(expect.objectContaining({ database: true, bus: true }));
  });

  it('gives the gateway one check per subgraph plus the bus, named when they fail', async () => {
    const agent = createSubgraphAgent();
    const bus = createEventBus({ logger: createLogger('test', 'silent') });
    try {
      const subgraphUrls = {
        registry: urls.registry,
        trust: urls.trust,
        audit: urls.audit,
        search: urls.search,
      };
      // Search reports not-ready until its encoder is warm, which takes seconds on a loaded machine.
      await waitFor(
        async () => (await http(`${urls.search}/ready`)).status === 200,
        60_000,
        'search warm',
        100,
      );
      const ready = await runReadinessChecks(gatewayReadinessChecks(subgraphUrls, agent, bus));
      expect(ready).toEqual({
        ready: true,
        checks: { registry: true, trust: true, audit: true, search: true, bus: true },
        failing: [],
      });
      await bus.close();
      const down = await runReadinessChecks(
        gatewayReadinessChecks({ ...subgraphUrls, search: 'http://127.0.0.1:9' }, agent, bus),
      );
      expect(down.failing).toEqual(['search', 'bus']);
    } finally {
      await bus.close();
      await agent.close();
    }
  }, 90_000);
});
