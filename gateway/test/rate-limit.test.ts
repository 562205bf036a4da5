import { randomUUID } from 'node:crypto';
import { createEventBus, createLogger, waitFor, type EventEnvelope } from '@mcpr/platform';
import { startStack, type Stack } from './support/stack';
import { codes, gql, type HttpResult } from './support/http';
import { createKey, manifest, type Key } from './support/registry';

const BUDGETS = {
  RATE_LIMIT_READS_PER_MINUTE: '5',
  RATE_LIMIT_SEARCHES_PER_MINUTE: '3',
  RATE_LIMIT_INSTALLS_PER_MINUTE: '2',
  RATE_LIMIT_PUBLISHES_PER_MINUTE: '2',
};

const READ = '{ servers(first: 1) { totalCount } }';
const INSTALL = 'mutation Install($name: String!) { recordInstall(input: { name: $name }) { installCount } }';
const PUBLISH = `mutation Publish($manifest: JSON!) {
  publishServer(input: { manifest: $manifest }) { version { version } userErrors { code message } }
}`;

/** Parses `RateLimit: limit=5, remaining=4, reset=37`. */
function rateLimit(result: HttpResult): { limit: number; remaining: number; reset: number } | undefined {
  const header = result.headers.ratelimit;
  if (typeof header !== 'string') return undefined;
  const match = /^limit=(\d+), remaining=(\d+), reset=(\d+)$/.exec(header);
  if (!match) throw new Error(`malformed RateLimit header: ${header}`);
  return { limit: Number(match[1]), remaining: Number(match[2]), reset: Number(match[3]) };
}

describe(`rate limits (${process.env.REDIS_URL ? 'Redis' : 'memory'} store)`, () => {
  let stack: Stack;
  let alice: Key;
  let bob: Key;
  let carol: Key;
  let publisher: Key;

  beforeAll(async () => {
    stack = await startStack(BUDGETS);
    [alice, bob, carol, publisher] = await Promise.all([
      createKey(stack.url, stack.adminKey, { account: 'alice', scopes: ['AUDIT_READ'] }),
      createKey(stack.url, stack.adminKey, { account: 'bob', scopes: ['AUDIT_READ'] }),
      createKey(stack.url, stack.adminKey, { account: 'carol', scopes: ['AUDIT_READ'] }),
      createKey(stack.url, stack.adminKey, {
        account: 'publisher',
        scopes: ['SERVERS_PUBLISH'],
        namespaces: ['io.github.publisher/*'],
      }),
    ]);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses a burst over the budget with 429 and the headers, while another key is unaffected', async () => {
    const results: HttpResult[] = [];
    for (let i = 0; i < 6; i++) results.push(await gql(stack.url, READ, {}, { key: alice.secret }));
    for (const [i, result] of results.slice(0, 5).entries()) {
      expect(result.status).toBe(200);
      expect(result.headers['ratelimit-policy']).toBe('5;w=60');
      expect(rateLimit(result)).toEqual({ limit: 5, remaining: 4 - i, reset: expect.any(Number) });
      expect(result.headers['retry-after']).toBeUndefined();
    }
    const refused = results[5]!;
    expect(refused.status).toBe(429);
    expect(refused.headers['ratelimit-policy']).toBe('5;w=60');
    const state = rateLimit(refused)!;
    expect(state).toEqual({ limit: 5, remaining: 0, reset: expect.any(Number) });
    expect(state.reset).toBeGreaterThan(0);
    expect(state.reset).toBeLessThanOrEqual(60);
    expect(Number(refused.headers['retry-after'])).toBe(state.reset);
    expect(refused.body).toEqual({
      errors: [
        {
          message: expect.stringMatching(
            /^Rate limit exceeded: at most 5 requests per minute for this API key/,
          ),
          extensions: { code: 'RATE_LIMITED', budget: 'reads', limit: 5, retryAfter: state.reset },
        },
      ],
    });

    const other = await gql(stack.url, READ, {}, { key: bob.secret });
    expect(other.status).toBe(200);
    expect(rateLimit(other)).toEqual({ limit: 5, remaining: 4, reset: expect.any(Number) });
  });

  it('limits anonymous callers per client address, and keyed callers per key only', async () => {
    let last: HttpResult | undefined;
    for (let i = 0; i < 6; i++) last = await gql(stack.url, READ);
    expect(last!.status).toBe(429);
    expect(last!.body.errors[0].message).toMatch(/for your address/);
    // Same address, but keyed: its own budget.
    expect((await gql(stack.url, READ, {}, { key: carol.secret })).status).toBe(200);
    // Another client behind the (trusted, loopback) proxy: its own budget too.
    const elsewhere = { 'x-forwarded-for': '203.0.113.9' };
    expect((await gql(stack.url, READ, {}, { headers: elsewhere })).status).toBe(200);
  });

  it('exempts ADMIN keys', async () => {
    for (let i = 0; i < 12; i++) {
      const result = await gql(stack.url, READ, {}, { key: stack.adminKey });
      expect(result.status).toBe(200);
      expect(result.headers.ratelimit).toBeUndefined();
    }
  });

  it('keeps separate budgets for reads, searches, installs and publishes', async () => {
    const key = await createKey(stack.url, stack.adminKey, { account: 'dave', scopes: ['AUDIT_READ'] });
    // Installs: two allowed, the third refused; reads still have their whole budget.
    for (let i = 0; i < 2; i++) {
      const result = await gql(stack.url, INSTALL, { name: 'io.github.nobody/none' }, { key: key.secret });
      expect(result.status).toBe(200);
      expect(result.headers['ratelimit-policy']).toBe('2;w=60');
    }
    const install = await gql(stack.url, INSTALL, { name: 'io.github.nobody/none' }, { key: key.secret });
    expect(install.status).toBe(429);
    expect(install.body.errors[0].extensions).toEqual(
      expect.objectContaining({ code: 'RATE_LIMITED', budget: 'installs' }),
    );
    const read = await gql(stack.url, READ, {}, { key: key.secret });
    expect(read.status).toBe(200);
    expect(rateLimit(read)).toEqual({ limit: 5, remaining: 4, reset: expect.any(Number) });

    // Searches are charged on their own budget (whether or not the search subgraph has landed).
    const search = '{ search(query: "weather") { __typename } }';
    for (let i = 0; i < 3; i++) {
      expect((await gql(stack.url, search, {}, { key: key.secret })).headers['ratelimit-policy']).toBe(
        '3;w=60',
      );
    }
    const refused = await gql(stack.url, search, {}, { key: key.secret });
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.budget).toBe('searches');
  });

  it('charges every aliased install and follows fragments at the root', async () => {
    const key = await createKey(stack.url, stack.adminKey, { account: 'erin', scopes: ['AUDIT_READ'] });
    const aliased = await gql(
      stack.url,
      'mutation { a: recordInstall(input: { name: "x/y" }) { installCount } b: recordInstall(input: { name: "x/y" }) { installCount } c: recordInstall(input: { name: "x/y" }) { installCount } }',
      {},
      { key: key.secret },
    );
    expect(aliased.status).toBe(429);
    expect(aliased.body.errors[0].extensions.budget).toBe('installs');

    const hidden = `mutation Hidden($manifest: JSON!) { ...P }
      fragment P on Mutation { publishServer(input: { manifest: $manifest }) { userErrors { code } } }`;
    for (let i = 0; i < 2; i++) {
      const result = await gql(stack.url, hidden, { manifest: {} }, { key: key.secret });
      expect(result.headers['ratelimit-policy']).toBe('2;w=60');
    }
    const refused = await gql(stack.url, hidden, { manifest: {} }, { key: key.secret });
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.budget).toBe('publishes');
  });

  it('emits ratelimit.exceeded on the bus with the key id (or the client network) as subject', async () => {
    const bus = createEventBus({ logger: createLogger('test', 'silent') });
    const events: EventEnvelope[] = [];
    await bus.subscribe({ group: 'test', types: ['ratelimit.exceeded'] }, async (event) => {
      events.push(event);
    });
    try {
      // Its own counters, so earlier tests' anonymous requests do not count here.
      const { url } = await stack.extraGateway(
        { ...BUDGETS, RATE_LIMIT_KEY_PREFIX: `mcpr:test:${randomUUID()}` },
        { bus },
      );
      const key = await createKey(stack.url, stack.adminKey, { account: 'frank', scopes: ['AUDIT_READ'] });
      for (let i = 0; i < 6; i++) await gql(url, READ, {}, { key: key.secret });
      for (let i = 0; i < 6; i++) await gql(url, 'query Anonymous { servers(first: 1) { totalCount } }');
      await waitFor(() => events.length >= 2, 5_000, 'two ratelimit.exceeded events');
      expect(events).toEqual([
        expect.objectContaining({
          type: 'ratelimit.exceeded',
          source: 'gateway',
          actor: 'frank',
          subject: key.id,
          data: { budget: 'reads', limit: 5, windowSeconds: 60, operationName: null },
        }),
        expect.objectContaining({
          type: 'ratelimit.exceeded',
          actor: 'anonymous',
          subject: '127.0.0.0/24',
          data: {
            budget: 'reads',
            limit: 5,
            windowSeconds: 60,
            operationName: 'Anonymous',
            network: '127.0.0.0/24',
          },
        }),
      ]);
    } finally {
      await bus.close();
    }
  });

  describe('with the Redis store down', () => {
    let url: string;
    beforeAll(async () => {
      url = (await stack.extraGateway({ ...BUDGETS, RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:1' })).url;
    });

    it('refuses publishes (fail closed) with UNAVAILABLE', async () => {
      const result = await gql(
        url,
        PUBLISH,
        { manifest: manifest('io.github.publisher/closed') },
        { key: publisher.secret },
      );
      expect(result.status).toBe(503);
      expect(codes(result)).toEqual(['UNAVAILABLE']);
      expect(result.body.errors[0].message).toMatch(/rate-limit store is unavailable.*publish is refused/);
      // Nothing was published.
      const lookup = await gql(
        url,
        '{ server(name: "io.github.publisher/closed") { name } }',
        {},
        { key: bob.secret },
      );
      expect(lookup.body.data).toEqual({ server: null });
    });

    it('still serves reads, limited in memory', async () => {
      const key = await createKey(stack.url, stack.adminKey, { account: 'grace', scopes: ['AUDIT_READ'] });
      const results: HttpResult[] = [];
      for (let i = 0; i < 6; i++) results.push(await gql(url, READ, {}, { key: key.secret }));
      expect(results.slice(0, 5).map((result) => result.status)).toEqual([200, 200, 200, 200, 200]);
      expect(rateLimit(results[0]!)).toEqual({ limit: 5, remaining: 4, reset: expect.any(Number) });
      expect(results[5]!.status).toBe(429);
    });
  });

  it('lets a publish through within its budget', async () => {
    const result = await gql(
      stack.url,
      PUBLISH,
      { manifest: manifest('io.github.publisher/ok') },
      { key: publisher.secret },
    );
    expect(result.status).toBe(200);
    expect(result.body.data.publishServer.userErrors).toEqual([]);
    expect(result.headers['ratelimit-policy']).toBe('2;w=60');
  });
});
