import { parse, validate } from 'graphql';
import {
  ANONYMOUS,
  createEvent,
  createOrm,
  createTestDatabase,
  migrateUp,
  printSubgraphSdl,
  testDialects,
  type EventEnvelope,
  type Orm,
  type TestDatabase,
} from '@mcpr/platform';
import { SqlAnalyticsRepository } from '../src/data/analytics-repository';
import { auditEntities } from '../src/data/entities';
import { auditMigrations } from '../src/data/migrations';
import { sqlSession, type SqlSession } from '../src/data/sql';
import {
  analyticsEffects,
  AnalyticsService,
  lastMinuteEstimate,
  minuteKey,
  normaliseQuery,
  normaliseTier,
  searchWeight,
} from '../src/domain/analytics';
import { createAuditContext } from '../src/context';
import { SUBSCRIPTIONS_AT_GATEWAY } from '../src/resolvers/live.resolver';
import { buildAuditSchema } from '../src/schema/build-schema';
import { buildAuditServer } from '../src/server';
import { openTestLog, silentLogger, TestClock } from './support';

const T0 = Date.parse('2025-06-01T12:00:00.000Z');

function at(offsetMs: number): string {
  return new Date(T0 + offsetMs).toISOString();
}

function evt(
  type: string,
  subject: string,
  offsetMs: number,
  data: Record<string, unknown> = {},
): EventEnvelope {
  return {
    ...createEvent({ type, source: 'test', actor: 'alice', subject, data }),
    occurredAt: at(offsetMs),
  };
}

const search = (query: string, offsetMs: number, sampleRate?: number) =>
  evt('search.performed', 'anonymous', offsetMs, { query, ...(sampleRate ? { sampleRate } : {}) });

describe('analytics rules', () => {
  it('buckets by the UTC minute of occurredAt', () => {
    expect(minuteKey('2025-06-01T12:34:56.789Z')).toBe('2025-06-01T12:34:00.000Z');
    expect(minuteKey(Date.parse('2025-06-01T12:35:00.000Z'))).toBe('2025-06-01T12:35:00.000Z');
    expect(analyticsEffects(evt('version.published', 'io.x/a', 61_000))).toEqual({
      minute: '2025-06-01T12:01:00.000Z',
      count: { metric: 'publishes', amount: 1 },
    });
  });

  it('maps each counted type to its metric and ignores the rest', () => {
    expect(analyticsEffects(evt('install.recorded', 'io.x/a', 0)).count?.metric).toBe('installs');
    expect(analyticsEffects(evt('auth.failed', '10.0.0.0/24', 0)).count?.metric).toBe('authFailures');
    expect(analyticsEffects(evt('scan.completed', 'io.x/a', 0))).toEqual({ minute: minuteKey(T0) });
  });

  it('weights a sampled search by 1 / sampleRate and normalises its query', () => {
    expect(searchWeight({ sampleRate: 0.25 })).toBe(4);
    expect(searchWeight({ sampleRate: 0 })).toBe(1);
    expect(searchWeight({ sampleRate: 2 })).toBe(1);
    expect(searchWeight({})).toBe(1);
    expect(analyticsEffects(search('  Weather\tFORECAST ', 0, 0.5))).toMatchObject({
      count: { metric: 'searches', amount: 2 },
      query: { text: 'weather forecast', amount: 2 },
    });
    expect(normaliseQuery('   ')).toBeNull();
    expect(normaliseQuery(42)).toBeNull();
    expect(normaliseQuery('ｗｅａｔｈｅｒ')).toBe('weather'); // NFKC folds full-width forms
    expect(Array.from(normaliseQuery('😀'.repeat(300))!)).toHaveLength(200);
  });

  it('reads tiers in either case and refuses unknown ones', () => {
    expect(normaliseTier('community_trusted')).toBe('COMMUNITY_TRUSTED');
    expect(normaliseTier('CERTIFIED')).toBe('CERTIFIED');
    expect(normaliseTier('gold')).toBeNull();
    expect(analyticsEffects(evt('tier.changed', 'io.x/a', 0, { tier: 'gold' })).tier).toBeUndefined();
    expect(analyticsEffects(evt('tier.changed', 'io.x/a', 0, { tier: 'certified' })).tier).toEqual({
      server: 'io.x/a',
      tier: 'CERTIFIED',
      at: at(0),
      kind: 'change',
    });
  });

  it('estimates the trailing 60 s from the current minute and the previous one’s remaining share', () => {
    expect(lastMinuteEstimate(3, 10, new Date(T0))).toBe(13); // at :00 the whole previous minute is inside
    expect(lastMinuteEstimate(3, 10, new Date(T0 + 45_000))).toBe(6); // 3 + 10 × 0.25 = 5.5 → 6
    expect(lastMinuteEstimate(0, 0, new Date(T0 + 59_999))).toBe(0);
  });
});

describe.each(testDialects())('analytics aggregates on %s', (dialect) => {
  let database: TestDatabase;
  let orm: Orm;
  let sql: SqlSession;
  let clock: TestClock;
  let analytics: AnalyticsService;

  beforeEach(async () => {
    database = await createTestDatabase(dialect, 'audit');
    orm = await createOrm({ target: database.target, entities: auditEntities, migrations: auditMigrations });
    expect(await migrateUp(orm)).toEqual(['Migration0001Initial', 'Migration0002Analytics']);
    sql = sqlSession(orm);
    clock = new TestClock(T0 + 30_000); // 12:00:30
    analytics = new AnalyticsService({ repository: new SqlAnalyticsRepository(sql), now: clock.now });
  });

  afterEach(async () => {
    await orm.close(true);
    await database.drop();
  });

  it('counts per minute, each event once, and fills the series with zeros', async () => {
    const published = evt('version.published', 'io.x/a', 5_000);
    expect(
      await analytics.ingest([
        evt('version.published', 'io.x/a', -120_000), // 11:58
        evt('version.published', 'io.x/b', -50_000), // 11:59
        evt('install.recorded', 'io.x/a', -40_000),
        evt('auth.failed', '10.0.0.0/24', -30_000),
        published, // 12:00
        evt('install.recorded', 'io.x/a', 10_000),
        search('weather', 20_000, 0.1),
      ]),
    ).toBe(7);
    // Redelivered (also inside a later batch): applied once.
    expect(await analytics.ingest([published])).toBe(0);
    expect(await analytics.ingest([published, evt('install.recorded', 'io.x/c', 1_000)])).toBe(1);

    const snapshot = await analytics.snapshot(5);
    expect(snapshot.at).toEqual(new Date(T0 + 30_000));
    expect(snapshot.windowMinutes).toBe(5);
    expect(snapshot.series.map((m) => m.minute.toISOString())).toEqual([
      '2025-06-01T11:56:00.000Z',
      '2025-06-01T11:57:00.000Z',
      '2025-06-01T11:58:00.000Z',
      '2025-06-01T11:59:00.000Z',
      '2025-06-01T12:00:00.000Z',
    ]);
    expect(snapshot.series.map((m) => m.publishes)).toEqual([0, 0, 1, 1, 1]);
    expect(snapshot.series[4]).toMatchObject({ installs: 2, searches: 10, authFailures: 0 });
    expect(snapshot.totals).toEqual({ publishes: 3, installs: 3, searches: 10, authFailures: 1 });
    // 12:00:30: all of 12:00 plus half of 11:59.
    expect(snapshot.publishesLastMinute).toBe(Math.round(1 + 1 * 0.5));
    expect(snapshot.installsLastMinute).toBe(Math.round(2 + 1 * 0.5));
    expect(snapshot.searchesLastMinute).toBe(10);
    expect(snapshot.authFailuresLastMinute).toBe(1); // 0 + 1 × 0.5 rounds up

    clock.advance(60_000); // 12:01:30: 12:00 is the previous minute now
    const later = await analytics.snapshot(1);
    expect(later.series).toHaveLength(1);
    expect(later.publishesLastMinute).toBe(1); // 0 + 1 × 0.5
    expect(later.totals.publishes).toBe(0);
  });

  it('ranks top queries over a sliding window of whole minutes', async () => {
    await analytics.ingest([
      ...Array.from({ length: 5 }, (_, i) => search('old favourite', -10 * 60_000 + i)), // 11:50
      search('Weather', -60_000),
      search('weather', -59_000),
      search('weather', 0),
      search('maps', 1_000, 0.5), // weighs 2
      search('calendar', 2_000),
      search('', 3_000),
    ]);
    const five = await analytics.snapshot(5);
    expect(five.topQueries).toEqual([
      { value: 'weather', count: 3 },
      { value: 'maps', count: 2 },
      { value: 'calendar', count: 1 },
    ]);
    expect(five.totals.searches).toBe(7); // the empty query counts as a search, not as a query
    const wide = await analytics.snapshot(15);
    expect(wide.topQueries[0]).toEqual({ value: 'old favourite', count: 5 });
    clock.advance(10 * 60_000); // the window slides past 12:00
    expect((await analytics.snapshot(5)).topQueries).toEqual([]);
  });

  it('keeps at most the cap of distinct queries per minute, still counting known ones', async () => {
    const capped = new AnalyticsService({ repository: new SqlAnalyticsRepository(sql, 3), now: clock.now });
    await capped.ingest(['a', 'b', 'c', 'd', 'e', 'a', 'a'].map((q, i) => search(q, i)));
    const snapshot = await capped.snapshot(1);
    expect(snapshot.topQueries).toEqual([
      { value: 'a', count: 3 },
      { value: 'b', count: 1 },
      { value: 'c', count: 1 },
    ]);
    expect(snapshot.totals.searches).toBe(7);
  });

  it('derives the tier distribution from server.created and tier.changed, latest change winning', async () => {
    await analytics.ingest([
      evt('server.created', 'io.x/a', 0),
      evt('server.created', 'io.x/b', 0),
      evt('server.created', 'io.x/c', 0),
      evt('tier.changed', 'io.x/a', 5_000, {
        tier: 'community_trusted',
        previousTier: 'unverified',
        reason: 'installs',
      }),
      evt('tier.changed', 'io.x/b', 9_000, {
        tier: 'SECURITY_AUDITED',
        previousTier: 'UNVERIFIED',
        reason: 'review',
      }),
      // Arrives late but happened earlier: does not undo the later change.
      evt('tier.changed', 'io.x/b', 7_000, { tier: 'COMMUNITY_TRUSTED', reason: 'installs' }),
      // A tier change before the server's creation event arrived; creation does not reset it.
      evt('tier.changed', 'io.x/d', 1_000, { tier: 'certified', reason: 'attestation' }),
      evt('server.created', 'io.x/d', 0),
    ]);
    expect((await analytics.snapshot()).tiers).toEqual([
      { value: 'UNVERIFIED', count: 1 },
      { value: 'COMMUNITY_TRUSTED', count: 1 },
      { value: 'SECURITY_AUDITED', count: 1 },
      { value: 'CERTIFIED', count: 1 },
    ]);
    await analytics.ingest([
      evt('tier.changed', 'io.x/b', 20_000, { tier: 'unverified', reason: 'advisory' }),
    ]);
    expect((await analytics.snapshot()).tiers.map((t) => t.count)).toEqual([2, 1, 0, 1]);
  });

  it('prunes minutes and processed-event records older than the retention', async () => {
    const shortLived = new AnalyticsService({
      repository: new SqlAnalyticsRepository(sql),
      now: clock.now,
      retentionMinutes: 60,
    });
    await shortLived.ingest([
      evt('version.published', 'io.x/a', -2 * 3600_000),
      search('ancient', -2 * 3600_000),
      evt('version.published', 'io.x/a', 0),
    ]);
    clock.advance(2 * 3600_000);
    expect(await shortLived.prune()).toBeGreaterThanOrEqual(3); // 2 minute rows, 1 query row, processed rows
    const rows = await sql.all<{ n: unknown }>(`select count(*) as n from ${sql.table('analytics_minute')}`);
    expect(Number(rows[0]!.n)).toBe(0);
    expect(shortLived.clampWindow(10_000)).toBe(60);
    expect(shortLived.clampWindow(0)).toBe(1);
  });
});

describe('analytics and subscriptions in the audit schema', () => {
  it('declares Query.analytics and the Subscription root the gateway serves, validating the contract operations', async () => {
    const schema = await buildAuditSchema();
    const sdl = printSubgraphSdl(schema);
    expect(sdl).toMatch(/type Subscription\s*\{[^}]*activity\(filter: ActivityFilter\): ActivityEvent!/);
    expect(sdl).toMatch(/analytics\(intervalSeconds: Int\): AnalyticsSnapshot!/);
    expect(sdl).toMatch(/type ValueCount\s+@shareable/);
    expect(sdl).toMatch(/input ActivityFilter\s*\{[^}]*types: \[String!\][^}]*subjectPrefix: String\s*\}/);
    const contract = /* GraphQL */ `
      subscription Activity($filter: ActivityFilter) {
        activity(filter: $filter) {
          id
          type
          subject
          actor
          occurredAt
        }
      }
      subscription AnalyticsSnapshots($intervalSeconds: Int) {
        analytics(intervalSeconds: $intervalSeconds) {
          at
          publishesLastMinute
          installsLastMinute
          searchesLastMinute
          authFailuresLastMinute
          topQueries {
            value
            count
          }
          tiers {
            value
            count
          }
        }
      }
    `;
    expect(validate(schema, parse(contract))).toEqual([]);
  });

  it('serves Query.analytics and refuses subscriptions with a pointer to the gateway', async () => {
    const t = await openTestLog('sqlite');
    const analytics = new AnalyticsService({
      repository: new SqlAnalyticsRepository(t.sql),
      now: t.clock.now,
    });
    const server = await buildAuditServer({
      log: t.log,
      analytics,
      logger: silentLogger,
      gatewayTokenSecret: 'x'.repeat(32),
    });
    await server.apollo.start();
    try {
      await analytics.ingest([
        {
          ...createEvent({
            type: 'version.published',
            source: 'registry',
            actor: 'a',
            subject: 'io.x/a',
            data: {},
          }),
          occurredAt: t.clock.now().toISOString(),
        },
      ]);
      const contextValue = createAuditContext({
        log: t.log,
        analytics,
        principal: ANONYMOUS,
        logger: silentLogger,
      });
      const response = await server.apollo.executeOperation(
        {
          query:
            '{ analytics(window: 2) { windowMinutes publishesLastMinute tiers { value count } series { minute publishes } totals { publishes } } }',
        },
        { contextValue },
      );
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      expect(response.body.singleResult.errors).toBeUndefined();
      expect(response.body.singleResult.data).toEqual({
        analytics: {
          windowMinutes: 2,
          publishesLastMinute: 1,
          tiers: [
            { value: 'UNVERIFIED', count: 0 },
            { value: 'COMMUNITY_TRUSTED', count: 0 },
            { value: 'SECURITY_AUDITED', count: 0 },
            { value: 'CERTIFIED', count: 0 },
          ],
          series: [
            { minute: '2025-06-01T11:59:00.000Z', publishes: 0 },
            { minute: '2025-06-01T12:00:00.000Z', publishes: 1 },
          ],
          totals: { publishes: 1 },
        },
      });
      const refused = await server.apollo.executeOperation(
        { query: 'subscription { activity { id } }' },
        { contextValue },
      );
      if (refused.body.kind !== 'single') throw new Error('expected a single result');
      expect(JSON.stringify(refused.body.singleResult.errors)).toContain(SUBSCRIPTIONS_AT_GATEWAY);
    } finally {
      await server.stop();
      await t.close();
    }
  });
});
