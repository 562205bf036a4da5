import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createEvent,
  createLogger,
  InProcessEventBus,
  Scope,
  waitFor,
  type EventEnvelope,
  type KeyPrincipal,
} from '@mcpr/platform';
import type { KeyVerdict, KeyVerifier } from '../src/auth/key-verifier';
import type { LiveLimits } from '../src/subscriptions/limits';
import {
  attachSubscriptions,
  createLiveClient,
  openLeanConnection,
  type AnalyticsSource,
  type LeanConnection,
  type LiveMessage,
  type LiveSubscriptions,
} from '../src/subscriptions';

const logger = createLogger('live-endpoint-test', 'silent');

const ACTIVITY =
  'subscription ($filter: ActivityFilter) { activity(filter: $filter) { id type subject actor } }';
const ANALYTICS =
  'subscription ($s: Int) { analytics(intervalSeconds: $s) { at publishesLastMinute tiers { value count } } }';

function principal(keyId: string, scopes: Scope[]): KeyPrincipal {
  return {
    kind: 'key',
    keyId,
    accountId: `acc-${keyId}`,
    handle: keyId,
    scopes,
    namespacePatterns: [],
    expiresAt: null,
  };
}

/** Keys of the fake registry: `mcpr_<name>` → principal. */
class FakeVerifier implements KeyVerifier {
  readonly keys = new Map<string, KeyPrincipal>([
    ['mcpr_auditor', principal('k-auditor', [Scope.AUDIT_READ])],
    ['mcpr_publisher', principal('k-publisher', [Scope.SERVERS_PUBLISH])],
  ]);
  invalidated: (string | undefined)[] = [];
  async verify(key: string): Promise<KeyVerdict> {
    const found = this.keys.get(key);
    return found ? { ok: true, principal: found } : { ok: false, reason: 'unknown' };
  }
  invalidate(keyId?: string): void {
    this.invalidated.push(keyId);
  }
}

interface Harness {
  url: string;
  bus: InProcessEventBus;
  verifier: FakeVerifier;
  live: LiveSubscriptions;
  /** Events the bus carried (e.g. the endpoint's own auth.failed). */
  published: EventEnvelope[];
  connections: LeanConnection[];
  connect(apiKey?: string): Promise<LeanConnection>;
  close(): Promise<void>;
}

async function harness(limits: Partial<LiveLimits> = {}, analytics?: AnalyticsSource): Promise<Harness> {
  const bus = new InProcessEventBus({ logger });
  const published: EventEnvelope[] = [];
  await bus.subscribe({ group: 'spy' }, async (event) => void published.push(event));
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const verifier = new FakeVerifier();
  const live = await attachSubscriptions(server, { bus, keyVerifier: verifier, logger, limits, analytics });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const connections: LeanConnection[] = [];
  return {
    url,
    bus,
    verifier,
    live,
    published,
    connections,
    async connect(apiKey) {
      const connection = await openLeanConnection(url, { apiKey });
      connections.push(connection);
      return connection;
    },
    async close() {
      for (const connection of connections) connection.socket.terminate();
      await live.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bus.close();
    },
  };
}

const evt = (type: string, subject: string) =>
  createEvent({ type, source: 'test', actor: 'alice', subject, data: {} });

function collect(connection: LeanConnection, query: string, variables?: Record<string, unknown>) {
  const messages: LiveMessage[] = [];
  const subscription = connection.subscribe(query, variables, (message) => messages.push(message));
  return { messages, subscription, types: () => messages.map((m) => m.payload.data?.activity?.type) };
}

/** Bounds for waits that take ~2 s here but much longer on a loaded CI machine (no wall-time assertions). */
const LOADED_MACHINE_WAIT_MS = 30_000;

describe('graphql-ws endpoint', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('refuses a bad key with close code 4401 and reports auth.failed', async () => {
    h = await harness();
    const refused = await openLeanConnection(h.url, { apiKey: 'mcpr_nope' }).catch(
      (error: { code: number; reason: string }) => error,
    );
    expect(refused).toMatchObject({ code: 4401, reason: expect.stringContaining('not known') });
    const malformed = await openLeanConnection(h.url, { authorization: 'Basic abc' }).catch(
      (error: { code: number }) => error,
    );
    expect(malformed).toMatchObject({ code: 4401 });
    await waitFor(
      () => h.published.filter((e) => e.type === 'auth.failed').length === 2,
      2_000,
      'auth.failed events',
    );
    expect(h.published.find((e) => e.type === 'auth.failed')!.data).toMatchObject({
      reason: 'unknown',
      keyPrefix: 'mcpr_nope',
      network: '127.0.0.0/24',
    });
  });

  it('streams security events to AUDIT_READ only; without it an explicit request is FORBIDDEN', async () => {
    h = await harness();
    const anonymous = collect(await h.connect(), ACTIVITY);
    const publisher = collect(await h.connect('mcpr_publisher'), ACTIVITY);
    const auditor = collect(await h.connect('mcpr_auditor'), ACTIVITY);
    await waitFor(() => h.live.stats().subscriptions === 3, 2_000, 'three subscriptions');
    await h.bus.publish([
      evt('auth.failed', '10.0.0.0/24'),
      evt('version.published', 'io.github.acme/weather'),
      evt('access.denied', 'k-x'),
      evt('search.performed', 'anonymous'),
      evt('ratelimit.exceeded', 'k-y'),
      evt('install.recorded', 'io.github.acme/weather'),
    ]);
    await waitFor(() => auditor.messages.length === 5, 2_000, 'the auditor’s events');
    expect(auditor.types()).toEqual([
      'auth.failed',
      'version.published',
      'access.denied',
      'ratelimit.exceeded',
      'install.recorded',
    ]);
    expect(anonymous.types()).toEqual(['version.published']);
    expect(publisher.types()).toEqual(['version.published']);

    const denied = collect(await h.connect(), ACTIVITY, { filter: { types: ['auth.failed'] } });
    await waitFor(() => denied.messages.length > 0, 2_000, 'the refusal');
    expect(denied.messages[0]!.payload.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await expect(denied.subscription.done).resolves.toBeUndefined();
  });

  it('filters by types and subject prefix', async () => {
    h = await harness();
    const filtered = collect(await h.connect(), ACTIVITY, {
      filter: { types: ['version.*', 'tier.changed'], subjectPrefix: 'io.github.acme/' },
    });
    await waitFor(() => h.live.stats().subscriptions === 1);
    await h.bus.publish([
      evt('version.published', 'io.github.acme/a'),
      evt('version.published', 'io.github.other/b'),
      evt('scan.completed', 'io.github.acme/a'),
      evt('tier.changed', 'io.github.acme/a'),
      evt('version.status_changed', 'io.github.acme/c'),
    ]);
    await waitFor(() => filtered.messages.length === 3, 2_000);
    expect(
      filtered.messages.map((m) => `${m.payload.data.activity.type} ${m.payload.data.activity.subject}`),
    ).toEqual([
      'version.published io.github.acme/a',
      'tier.changed io.github.acme/a',
      'version.status_changed io.github.acme/c',
    ]);
  });

  it('caps subscriptions per connection and per key, and frees slots when they complete', async () => {
    h = await harness({ maxSubscriptionsPerConnection: 2, maxSubscriptionsPerKey: 3 });
    const first = await h.connect('mcpr_publisher');
    const a = collect(first, ACTIVITY);
    collect(first, ACTIVITY);
    await waitFor(() => h.live.stats().subscriptions === 2);
    const third = first.subscribe(ACTIVITY, undefined, () => undefined);
    await expect(third.done).rejects.toMatchObject({
      errors: [expect.objectContaining({ extensions: { code: 'RATE_LIMITED' } })],
    });
    // The key's third slot, on another connection; the fourth is refused.
    const second = await h.connect('mcpr_publisher');
    collect(second, ACTIVITY);
    await waitFor(() => h.live.stats().subscriptions === 3);
    const fourth = second.subscribe(ACTIVITY, undefined, () => undefined);
    await expect(fourth.done).rejects.toMatchObject({
      errors: [expect.objectContaining({ message: expect.stringContaining('API key') })],
    });
    // Another key is not affected; a completed subscription frees its slot.
    collect(await h.connect('mcpr_auditor'), ACTIVITY);
    a.subscription.complete();
    await waitFor(() => h.live.stats().subscriptions === 3, 2_000, 'the slot freed');
    collect(second, ACTIVITY);
    await waitFor(() => h.live.stats().subscriptions === 4, 2_000, 'the freed slot used');
  });

  it('closes idle connections and terminates nothing that is subscribed', async () => {
    h = await harness({ idleTimeoutMs: 200 });
    const idle = await h.connect();
    const busy = await h.connect();
    collect(busy, ACTIVITY);
    expect(await idle.closed).toEqual({ code: 1000, reason: 'Idle timeout' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(busy.socket.readyState).toBe(busy.socket.OPEN);
  });

  it('refuses queries and mutations over graphql-ws, and over-deep documents', async () => {
    h = await harness({ maxDepth: 3 });
    const connection = await h.connect();
    const query = connection.subscribe('{ __typename }', undefined, () => undefined);
    await expect(query.done).rejects.toMatchObject({
      errors: [expect.objectContaining({ extensions: { code: 'BAD_REQUEST' } })],
    });
    const deep = connection.subscribe(
      'subscription { activity { server { latestVersion { server { name } } } } }',
      undefined,
      () => undefined,
    );
    await expect(deep.done).rejects.toMatchObject({
      errors: [
        expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' } }),
      ],
    });
    const invalid = connection.subscribe('subscription { activity { nope } }', undefined, () => undefined);
    await expect(invalid.done).rejects.toMatchObject({
      errors: [expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })],
    });
  });

  it('closes the connections of a revoked key at once (4401)', async () => {
    h = await harness();
    const revoked = await h.connect('mcpr_publisher');
    const other = await h.connect('mcpr_auditor');
    await h.bus.publish([
      createEvent({
        type: 'apikey.revoked',
        source: 'registry',
        actor: 'admin',
        subject: 'k-publisher',
        data: {},
      }),
    ]);
    expect(await revoked.closed).toEqual({ code: 4401, reason: 'API key revoked' });
    expect(other.socket.readyState).toBe(other.socket.OPEN);
    expect(h.verifier.invalidated).toContain('k-publisher');
  });

  it('pushes an analytics snapshot at once and then every interval; rejects intervals out of range', async () => {
    let n = 0;
    h = await harness(
      {},
      {
        snapshot: async () => ({
          at: new Date().toISOString(),
          publishesLastMinute: ++n,
          tiers: [{ value: 'UNVERIFIED', count: 2 }],
        }),
      },
    );
    const connection = await h.connect();
    const snapshots = collect(connection, ANALYTICS, { s: 1 });
    await waitFor(() => snapshots.messages.length >= 2, 3_000, 'two snapshots');
    expect(snapshots.messages[0]!.payload.data.analytics).toEqual({
      at: expect.any(String),
      publishesLastMinute: 1,
      tiers: [{ value: 'UNVERIFIED', count: 2 }],
    });
    expect(snapshots.messages[1]!.payload.data.analytics.publishesLastMinute).toBe(2);
    const wrong = collect(connection, ANALYTICS, { s: 0 });
    await waitFor(() => wrong.messages.length > 0, 2_000);
    expect(wrong.messages[0]!.payload.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('speaks the protocol of the official graphql-ws client', async () => {
    h = await harness();
    const client = createLiveClient(h.url, { apiKey: 'mcpr_auditor' });
    try {
      const received: unknown[] = [];
      const done = new Promise<void>((resolve, reject) => {
        client.subscribe(
          { query: ACTIVITY, variables: { filter: { types: ['auth.failed'] } } },
          {
            next: (value) => {
              received.push(value);
              resolve();
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      await waitFor(() => h.live.stats().subscriptions === 1, 2_000);
      await h.bus.publish([evt('auth.failed', '10.0.0.0/24')]);
      await done;
      expect(received).toEqual([{ data: { activity: expect.objectContaining({ type: 'auth.failed' }) } }]);
    } finally {
      await client.dispose();
    }
  });

  it(
    'keeps fast subscribers on time while one client is stalled; its queue stays bounded',
    async () => {
      h = await harness({ queueSize: 64 });
      const fast = await Promise.all(Array.from({ length: 20 }, () => h.connect()));
      const counts = fast.map(() => 0);
      fast.forEach((connection, i) =>
        connection.subscribe(ACTIVITY, undefined, () => {
          counts[i] = (counts[i] ?? 0) + 1;
        }),
      );
      const stalled = await h.connect();
      const stalledMessages: LiveMessage[] = [];
      stalled.subscribe('subscription { activity { id type subject actor source data } }', undefined, (m) =>
        stalledMessages.push(m),
      );
      await waitFor(() => h.live.stats().subscriptions === 21);
      stalled.pause();
      // Large events, so the stalled socket's kernel buffers fill and the queue has to drop.
      const blob = 'x'.repeat(64 * 1024);
      const total = 400;
      for (let i = 0; i < total; i += 8) {
        await h.bus.publish(
          Array.from({ length: 8 }, (_, j) =>
            createEvent({
              type: 'version.published',
              source: 'test',
              actor: 'a',
              subject: `io.x/s${i + j}`,
              data: { blob },
            }),
          ),
        );
      }
      await waitFor(
        () => counts.every((count) => count === total),
        LOADED_MACHINE_WAIT_MS,
        'every fast subscriber got everything while the stalled one is still paused',
      );
      const stats = h.live.stats();
      expect(stats.queued).toBeLessThanOrEqual(64);
      expect(stats.dropped).toBeGreaterThan(0);
      stalled.resume();
      await waitFor(
        () => stalledMessages.some((m) => (m.payload.extensions?.dropped ?? 0) > 0),
        LOADED_MACHINE_WAIT_MS,
        'the drop count in a message',
      );
      // Counted on every check: drop notices keep arriving with the rest of the stalled client's messages.
      const dropped = () => stalledMessages.reduce((sum, m) => sum + (m.payload.extensions?.dropped ?? 0), 0);
      await waitFor(
        () => stalledMessages.length + dropped() === total,
        LOADED_MACHINE_WAIT_MS,
        'received + dropped = published',
      );
    },
    4 * LOADED_MACHINE_WAIT_MS,
  );
});
