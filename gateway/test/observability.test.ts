import express from 'express';
import { startStack, type Stack } from './support/stack';
import { gql, http } from './support/http';
import { captureLogger } from './support/capture-logger';
import { BoundedLabel, createServiceMetrics, listen } from '@mcpr/platform';

/** The value of the sample of `name` whose labels include `labels` (label order does not matter). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...match[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('observability', () => {
  let stack: Stack;
  let url: string;
  let lines: () => Record<string, any>[];

  beforeAll(async () => {
    stack = await startStack({ RATE_LIMITS: 'off' });
    const capture = captureLogger();
    lines = capture.lines;
    url = (await stack.extraGateway({ LOG_LEVEL: 'info' }, { logger: capture.logger })).url;
  });
  afterAll(async () => {
    await stack?.close();
  });

  const accessLines = () => lines().filter((line) => line.msg === 'request');

  it('gives every request an id: the client’s when acceptable, else a new one', async () => {
    const kept = await gql(url, '{ __typename }', {}, { headers: { 'x-request-id': 'trace-42.abc' } });
    expect(kept.headers['x-request-id']).toBe('trace-42.abc');
    const replaced = await gql(
      url,
      '{ __typename }',
      {},
      { headers: { 'x-request-id': 'bad id\nwith newline'.replace('\n', ' ') } },
    );
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const fresh = await http(`${url}/v0.1/health`);
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes one access-log line per request with method, path, status, ms, operationName and requestId', async () => {
    const before = accessLines().length;
    const graphql = await gql(
      url,
      'query ListThem { servers(first: 1) { totalCount } }',
      {},
      { headers: { 'x-request-id': 'req-graphql-1' } },
    );
    expect(graphql.status).toBe(200);
    const rest = await http(`${url}/v0.1/servers?limit=1&search=secret-term`, {
      headers: { 'x-request-id': 'req-rest-1' },
    });
    expect(rest.status).toBe(200);
    const refused = await gql(url, '{ nope }', {}, { headers: { 'x-request-id': 'req-bad-1' } });
    expect(refused.status).toBe(400);

    const logged = accessLines().slice(before);
    expect(logged).toHaveLength(3);
    expect(logged[0]).toEqual(
      expect.objectContaining({
        method: 'POST',
        path: '/graphql',
        status: 200,
        ms: expect.any(Number),
        operationName: 'ListThem',
        requestId: 'req-graphql-1',
      }),
    );
    expect(logged[1]).toEqual(
      expect.objectContaining({
        method: 'GET',
        path: '/v0.1/servers',
        status: 200,
        operationName: 'RestListServers',
        requestId: 'req-rest-1',
      }),
    );
    expect(JSON.stringify(logged[1])).not.toMatch(/secret-term/);
    expect(logged[2]).toEqual(
      expect.objectContaining({
        status: 400,
        requestId: 'req-bad-1',
        errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
      }),
    );
  });

  it('serves Prometheus metrics: request rate and latency per route and operation, errors by code', async () => {
    await gql(url, 'query CountServers { servers(first: 1) { totalCount } }');
    await gql(url, '{ nope }');
    await http(`${url}/v0.1/servers/io.github.x%2Fy/versions`);
    const result = await http(`${url}/metrics`);
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toMatch(/text\/plain/);
    const text = result.text;
    expect(
      sample(text, 'mcpr_http_requests_total', { route: '/graphql', method: 'POST', status: '200' }),
    ).toBeGreaterThan(0);
    expect(
      sample(text, 'mcpr_http_request_duration_seconds_count', { route: '/graphql', method: 'POST' }),
    ).toBeGreaterThan(0);
    expect(
      sample(text, 'mcpr_operation_duration_seconds_count', { operation: 'CountServers', outcome: 'ok' }),
    ).toBe(1);
    expect(sample(text, 'mcpr_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBeGreaterThan(0);
    expect(sample(text, 'mcpr_errors_total', { code: 'NOT_FOUND' })).toBeGreaterThan(0);
    expect(
      sample(text, 'mcpr_http_requests_total', {
        route: '/v0.1/servers/{name}/versions',
        method: 'GET',
        status: '404',
      }),
    ).toBe(1);
    expect(text).toMatch(/process_cpu_user_seconds_total/);
  });
});

describe('createServiceMetrics (for any express service)', () => {
  it('observes every request by route template', async () => {
    const metrics = createServiceMetrics('registry', { defaultMetrics: false });
    const app = express();
    app.use(metrics.middleware);
    app.get('/items/:id', (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/metrics', metrics.handler);
    const listening = await listen(app, 0);
    try {
      await http(`${listening.url}/items/1`);
      await http(`${listening.url}/items/2`);
      await http(`${listening.url}/unknown/path`);
      const text = (await http(`${listening.url}/metrics`)).text;
      expect(
        sample(text, 'mcpr_http_requests_total', { route: '/items/:id', status: '200', service: 'registry' }),
      ).toBe(2);
      expect(
        sample(text, 'mcpr_http_requests_total', { route: 'other', status: '404', service: 'registry' }),
      ).toBe(1);
    } finally {
      await listening.close();
    }
  });

  it('bounds client-chosen operation names', () => {
    const label = new BoundedLabel(2);
    expect([label.value('A'), label.value('B'), label.value('C'), label.value('A')]).toEqual([
      'A',
      'B',
      'other',
      'A',
    ]);
    expect(label.value('not valid!')).toBe('invalid');
    expect(label.value(null)).toBe('anonymous');
  });
});
