/**
 * Live subscriptions through the gateway's graphql-ws endpoint, in both runtime modes: the in-process bus
 * (embedded) and Redis Streams (REDIS_URL; fan-out to every gateway replica). The delivery bound (p99 of
 * 200 publishes within a second) is `live-latency.slow.test.ts`.
 */
import { createLogger, RedisStreamBus, resolveGatewaySecret, testRedisUrl, waitFor } from '@mcpr/platform';
import { loadGatewayEnv, startGateway } from '@mcpr/gateway';
import { openLeanConnection, type LeanConnection, type LiveMessage } from '@mcpr/gateway/subscriptions/index';
import {
  ActivityDocument,
  AnalyticsSnapshotsDocument,
  createKey,
  expectData,
  minimalManifest,
  PublishServerDocument,
  RevokeApiKeyDocument,
  startTestStack,
  UNTHROTTLED_ENV,
  unissuedApiKey,
  type TestStack,
} from '../src';
import { print } from 'graphql';
import { claimRedisDb, type ClaimedRedisDb } from '../src/redis-db';

const ACTIVITY = print(ActivityDocument);
const ANALYTICS = print(AnalyticsSnapshotsDocument);
const ACTIVITY_WITH_DATA = /* GraphQL */ `
  subscription LiveVersions($filter: ActivityFilter) {
    activity(filter: $filter) {
      id
      type
      subject
      actor
      occurredAt
      data
    }
  }
`;

const redisUrl = testRedisUrl();
const modes: [string, string | undefined][] = [
  ['embedded mode (in-process bus)', undefined],
  ...(redisUrl ? ([['Redis Streams (REDIS_URL)', redisUrl]] as [string, string][]) : []),
];
if (!redisUrl) {
  describe.skip('live subscriptions on Redis Streams (skipped: REDIS_URL not set)', () => {
    it('fans out to every gateway replica', () => undefined);
  });
}

describe.each(modes)('live subscriptions, %s', (_mode, redis) => {
  let stack: TestStack;
  let claimed: ClaimedRedisDb | undefined;
  const connections: LeanConnection[] = [];
  let env: Record<string, string>;

  const connect = async (apiKey?: string, url = stack.gatewayUrl) => {
    const connection = await openLeanConnection(url, { apiKey });
    connections.push(connection);
    return connection;
  };
  const publish = async (name: string, version: string) => {
    const payload = expectData(
      await stack.admin.execute(PublishServerDocument, {
        input: { manifest: minimalManifest(name, version) },
      }),
    ).publishServer;
    if (!payload.version) throw new Error(`publish failed: ${JSON.stringify(payload.userErrors)}`);
    return payload.version;
  };

  beforeAll(async () => {
    env = { ...UNTHROTTLED_ENV };
    if (redis) {
      claimed = await claimRedisDb(redis);
      env.REDIS_URL = claimed.url;
    }
    stack = await startTestStack({ env });
  }, 60_000);

  afterAll(async () => {
    for (const connection of connections) connection.socket.terminate();
    await stack?.close();
    await claimed?.release();
  });

  it('serves the contract operations: Activity (anonymous, public events) and AnalyticsSnapshots', async () => {
    const connection = await connect();
    const events: LiveMessage[] = [];
    connection.subscribe(ACTIVITY, { filter: { subjectPrefix: 'io.github.contract/' } }, (m) =>
      events.push(m),
    );
    const snapshots: LiveMessage[] = [];
    connection.subscribe(ANALYTICS, { intervalSeconds: 1 }, (m) => snapshots.push(m));
    await waitFor(() => snapshots.length > 0, 5_000, 'the first snapshot (sent at once)');
    await publish('io.github.contract/one', '1.0.0');
    await waitFor(() => events.some((m) => m.payload.data?.activity.type === 'version.published'), 5_000);
    const published = events.find((m) => m.payload.data?.activity.type === 'version.published')!;
    expect(published.payload.data.activity).toEqual({
      id: expect.any(String),
      type: 'version.published',
      subject: 'io.github.contract/one',
      actor: expect.any(String),
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(events.map((m) => m.payload.data?.activity.type)).toContain('server.created');
    // The snapshots count the publishes of this suite (the audit subgraph aggregates every event).
    await waitFor(
      () => (snapshots.at(-1)?.payload.data?.analytics.publishesLastMinute ?? 0) > 0,
      5_000,
      'a snapshot counting publishes',
    );
    const snapshot = snapshots.at(-1)!.payload.data.analytics;
    expect(snapshot).toMatchObject({
      at: expect.any(String),
      installsLastMinute: expect.any(Number),
      searchesLastMinute: expect.any(Number),
      authFailuresLastMinute: expect.any(Number),
      topQueries: expect.any(Array),
    });
    expect(snapshot.tiers.map((tier: { value: string }) => tier.value)).toEqual([
      'UNVERIFIED',
      'COMMUNITY_TRUSTED',
      'SECURITY_AUDITED',
      'CERTIFIED',
    ]);
  });

  it('resolves ActivityEvent.server through the supergraph (registry data, not copied into the event)', async () => {
    const connection = await connect();
    const events: LiveMessage[] = [];
    connection.subscribe(
      `subscription ($filter: ActivityFilter) {
        activity(filter: $filter) { type server { name description latest: latestVersion { version } } }
      }`,
      { filter: { types: ['version.published'], subjectPrefix: 'io.github.entity/' } },
      (m) => events.push(m),
    );
    await waitFor(async () => {
      await publish('io.github.entity/one', `1.0.${Date.now()}`);
      return events.length > 0;
    }, 10_000);
    expect(events[0]!.payload.errors).toBeUndefined();
    expect(events[0]!.payload.data.activity).toEqual({
      type: 'version.published',
      server: {
        name: 'io.github.entity/one',
        description: 'The io.github.entity/one server',
        latest: { version: expect.stringMatching(/^1\.0\./) },
      },
    });
  });

  it('refuses a bad key with 4401; the auth.failed event reaches AUDIT_READ subscribers only', async () => {
    const auditorKey = await createKey(stack.admin, {
      scopes: ['AUDIT_READ'],
      name: `auditor-${Date.now()}`,
    });
    const auditor = await connect(auditorKey.secret);
    const security: LiveMessage[] = [];
    auditor.subscribe(ACTIVITY, { filter: { types: ['auth.failed'] } }, (m) => security.push(m));
    const anonymous = await connect();
    const anonymousSecurity: LiveMessage[] = [];
    anonymous.subscribe(ACTIVITY, { filter: { types: ['auth.*', 'version.*'] } }, (m) =>
      anonymousSecurity.push(m),
    );
    const forbidden: LiveMessage[] = [];
    const explicit = anonymous.subscribe(ACTIVITY, { filter: { types: ['auth.failed'] } }, (m) =>
      forbidden.push(m),
    );
    await explicit.done;
    expect(forbidden[0]!.payload.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const refused = await openLeanConnection(stack.gatewayUrl, { apiKey: unissuedApiKey() }).catch(
      (error: { code?: number }) => error,
    );
    expect(refused).toMatchObject({ code: 4401 });
    await waitFor(() => security.length > 0, 5_000, 'the auth.failed event');
    expect(security[0]!.payload.data.activity).toMatchObject({ type: 'auth.failed', actor: 'anonymous' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(anonymousSecurity.filter((m) => m.payload.data?.activity.type === 'auth.failed')).toEqual([]);
  });

  it('closes the live connection of a revoked key (4401)', async () => {
    const key = await createKey(stack.admin, { scopes: ['SERVERS_PUBLISH'], name: `live-${Date.now()}` });
    const connection = await connect(key.secret);
    connection.subscribe(ACTIVITY, undefined, () => undefined);
    expectData(await stack.admin.execute(RevokeApiKeyDocument, { id: key.id }));
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      connection.closed,
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), 2_500);
      }),
    ]);
    clearTimeout(timer);
    expect(closed).toEqual({ code: 4401, reason: 'API key revoked' });
  });

  if (redis) {
    it('fans out to every gateway replica, each starting at the end of the stream', async () => {
      const logger = createLogger('replica', 'silent');
      const replicaBus = new RedisStreamBus({ redisUrl: claimed!.url, logger });
      const config = loadGatewayEnv({
        ...env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        DATA_DIR: stack.platform.dataDir,
      });
      const [registry, trust, audit, search] = stack.platform.services;
      const replica = await startGateway(
        {
          config,
          secret: resolveGatewaySecret(config.GATEWAY_TOKEN_SECRET, config.DATA_DIR),
          subgraphUrls: {
            registry: registry!.url,
            trust: trust!.url,
            audit: audit!.url,
            search: search!.url,
          },
          bus: replicaBus,
          logger,
        },
        { host: '127.0.0.1', port: 0 },
      );
      try {
        const seen = { first: [] as string[], second: [] as string[] };
        const filter = { types: ['version.published'], subjectPrefix: 'io.github.replicas/' };
        (await connect()).subscribe(ACTIVITY_WITH_DATA, { filter }, (m) =>
          seen.first.push(m.payload.data.activity.data.version),
        );
        const onReplica = await connect(undefined, replica.url);
        const replicaAll: string[] = [];
        onReplica.subscribe(ACTIVITY_WITH_DATA, { filter: { types: ['version.published'] } }, (m) =>
          replicaAll.push(m.payload.data.activity.subject),
        );
        onReplica.subscribe(ACTIVITY_WITH_DATA, { filter }, (m) =>
          seen.second.push(m.payload.data.activity.data.version),
        );
        await waitFor(async () => {
          await publish('io.github.replicas/one', `2.0.${Date.now()}`);
          return seen.first.length > 0 && seen.second.length > 0;
        }, 10_000);
        await publish('io.github.replicas/one', '3.0.0');
        await waitFor(() => seen.first.includes('3.0.0') && seen.second.includes('3.0.0'), 5_000);
        // The replica's group started at the end: none of the history published before it existed.
        expect(replicaAll.every((subject) => subject === 'io.github.replicas/one')).toBe(true);
      } finally {
        await replica.close();
        await replicaBus.close();
      }
    }, 30_000);
  }
});
