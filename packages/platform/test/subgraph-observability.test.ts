import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import {
  ANONYMOUS,
  AppError,
  createLogger,
  createOrm,
  createSubgraphServer,
  createTestDatabase,
  GATEWAY_TOKEN_HEADER,
  InProcessEventBus,
  OutboxEvent,
  OutboxRelay,
  runReadinessChecks,
  serveSubgraph,
  signGatewayToken,
  testDialects,
  type Orm,
  type RunningService,
  type SubgraphServer,
  type TestDatabase,
} from '../src';
import { duplicateSeries, sample } from '../src';

const logger = createLogger('test', 'silent');
const secret = 'observability-test-secret';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: { type: GraphQLString, resolve: () => 'hi' },
      missing: {
        type: GraphQLString,
        resolve: () => {
          throw new AppError('NOT_FOUND', 'no such thing');
        },
      },
    },
  }),
});

async function graphql(url: string, query: string, signed = true): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signed ? { [GATEWAY_TOKEN_HEADER]: signGatewayToken(ANONYMOUS, secret) } : {}),
    },
    body: JSON.stringify({ query }),
  });
}

describe.each(testDialects())('subgraph /metrics and /ready on %s', (dialect) => {
  let db: TestDatabase;
  let orm: Orm;
  let bus: InProcessEventBus;
  let server: SubgraphServer;
  let running: RunningService;
  let relay: OutboxRelay;

  beforeAll(async () => {
    db = await createTestDatabase(dialect, 'demo');
    orm = await createOrm({
      target: db.target,
      entities: [OutboxEvent],
      migrations: { sqlite: [], postgresql: [] },
    });
    await orm.getSchemaGenerator().createSchema();
    bus = new InProcessEventBus({ logger });
    server = createSubgraphServer({
      name: 'demo',
      schema,
      logger,
      gatewayTokenSecret: secret,
      createContext: (info) => ({ ...info }),
      dependencies: { orm, bus },
      checks: { warm: async () => true },
    });
    relay = new OutboxRelay({ orm, bus, logger, metrics: server.metrics, pollIntervalMs: 60_000 });
    await relay.start();
    running = await serveSubgraph('demo', server, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await running?.close();
    await relay?.stop();
    await bus?.close();
    await orm?.close(true);
    await db?.drop();
  });

  it('serves request rate, latency per GraphQL operation and errors by code', async () => {
    expect((await graphql(running.url, 'query Hello { hello }')).status).toBe(200);
    expect((await graphql(running.url, 'query Hello { hello }')).status).toBe(200);
    const failed = (await (await graphql(running.url, 'query FindIt { missing }')).json()) as {
      errors: { extensions: { code: string } }[];
    };
    expect(failed.errors[0]!.extensions.code).toBe('NOT_FOUND');
    expect((await graphql(running.url, '{ nope }')).status).toBe(400);
    expect((await graphql(running.url, 'query Hello { hello }', false)).status).toBe(401);

    const response = await fetch(`${running.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const demo = { service: 'demo' };
    expect(
      sample(text, 'mcpr_http_requests_total', { ...demo, route: '/graphql', method: 'POST', status: '200' }),
    ).toBe(3);
    expect(sample(text, 'mcpr_http_requests_total', { route: '/graphql', status: '401' })).toBe(1);
    expect(
      sample(text, 'mcpr_operation_duration_seconds_count', { ...demo, operation: 'Hello', outcome: 'ok' }),
    ).toBe(2);
    expect(
      sample(text, 'mcpr_operation_duration_seconds_count', { operation: 'FindIt', outcome: 'error' }),
    ).toBe(1);
    expect(sample(text, 'mcpr_errors_total', { ...demo, code: 'NOT_FOUND' })).toBe(1);
    expect(sample(text, 'mcpr_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(sample(text, 'mcpr_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
    // The relay reports into the same registry; default process metrics appear once.
    expect(sample(text, 'mcpr_outbox_backlog', demo)).toBe(0);
    expect(text.match(/^process_cpu_user_seconds_total /gm)).toHaveLength(1);
    expect(duplicateSeries(text)).toEqual([]);
  });

  it('is ready when every dependency answers', async () => {
    const response = await fetch(`${running.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      service: 'demo',
      checks: { database: true, bus: true, warm: true },
    });
  });

  it('answers 503 naming the failing dependency when the database is closed, then the bus', async () => {
    await orm.close(true);
    let response = await fetch(`${running.url}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unavailable',
      service: 'demo',
      checks: { database: false, bus: true, warm: true },
      failing: ['database'],
    });
    await bus.close();
    response = await fetch(`${running.url}/ready`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { failing: string[] }).failing).toEqual(['database', 'bus']);
    // /health stays up: the process is alive, only its dependencies are not.
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
  });
});

describe('runReadinessChecks', () => {
  it('fails a check that hangs after its timeout, and one that throws, by name', async () => {
    const report = await runReadinessChecks(
      {
        database: () => new Promise<boolean>(() => undefined),
        bus: async () => {
          throw new Error('connection refused');
        },
        index: async () => true,
      },
      50,
    );
    expect(report).toEqual({
      ready: false,
      checks: { database: false, bus: false, index: true },
      failing: ['database', 'bus'],
    });
  });
});
