import {
  InProcessEventBus,
  ProcessedEvent,
  Severity,
  testDialects,
  TrustTier,
  type BusSubscription,
  type EventEnvelope,
} from '@mcpr/platform';
import { ScannedVersionEntity, TierChangeEntity, TrustServerEntity } from '../src/data/entities';
import { publishAdvisory } from '../src/domain/advisories';
import { versionSummaries } from '../src/domain/lookup';
import { recordAttestation } from '../src/domain/attestations';
import { submitReview } from '../src/domain/reviews';
import { subscribeTrustConsumer, TRUST_GROUP } from '../src/events/trust-consumer';
import {
  changedTools,
  ctxFor,
  installRecorded,
  manifest,
  newServer,
  nextVersion,
  openTestDb,
  outboxOf,
  poisonedManifest,
  reviewer,
  rugPullTools,
  silentLogger,
  TEST_RULES,
  trustAdmin,
  versionPublished,
  versionStatusChanged,
  WEATHER_TOOLS,
  type PublishedVersion,
  type TestDb,
} from './helpers';

describe.each(testDialects())('trust consumer on %s', (dialect) => {
  let db: TestDb;
  let bus: InProcessEventBus;
  let subscription: BusSubscription;

  beforeAll(async () => {
    db = await openTestDb(dialect);
    bus = new InProcessEventBus({ logger: silentLogger, retry: { maxAttempts: 1 } });
    subscription = await subscribeTrustConsumer({
      bus,
      orm: db.orm,
      rules: TEST_RULES,
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await subscription.close();
    await bus.close();
    await db.close();
  });

  /** Delivers events; the in-process bus resolves once trust's handler has committed them. */
  const deliver = (...events: EventEnvelope[]) => bus.publish(events);
  const publish = (v: PublishedVersion, options: Parameters<typeof versionPublished>[1] = {}) =>
    deliver(versionPublished(v, options));
  const report = (versionId: string) => db.em().findOne(ScannedVersionEntity, { id: versionId });
  const server = (id: string) => db.em().findOneOrFail(TrustServerEntity, { id });
  const tierEvents = async (name: string) =>
    (await outboxOf(db, 'tier.changed', name)).map((row) => ({
      from: row.data.previousTier,
      to: row.data.tier,
      reason: row.data.reason as string,
    }));

  it('scans a published version, stores the report and emits scan.completed', async () => {
    const v1 = newServer('acme');
    await publish(v1);
    const row = await report(v1.versionId);
    expect(row).toMatchObject({
      version: '1.0.0',
      scanStatus: 'PASSED',
      scanScore: 100,
      findings: [],
      rugPull: false,
      previousVersion: null,
      toolChanges: null,
      publishedBy: 'acme',
    });
    expect(row?.toolPins.map((pin) => pin.name)).toEqual(['get_forecast', 'current_conditions']);
    expect(row?.toolsetHash).toMatch(/^[0-9a-f]{64}$/);
    const [completed, ...more] = await outboxOf(db, 'scan.completed', v1.name);
    expect(more).toEqual([]);
    expect(completed).toMatchObject({
      source: 'trust',
      actor: 'system',
      subject: v1.name,
      data: {
        serverId: v1.serverId,
        versionId: v1.versionId,
        version: '1.0.0',
        status: 'PASSED',
        score: 100,
        findingCount: 0,
        rugPull: false,
        signatureStatus: 'UNSIGNED',
      },
    });
    const s = await server(v1.serverId);
    expect(s).toMatchObject({
      name: v1.name,
      latestVersionId: v1.versionId,
      tier: TrustTier.UNVERIFIED,
      score: 60,
    });
    expect(await tierEvents(v1.name)).toEqual([]);
  });

  it('fails a poisoned manifest with its findings', async () => {
    const v = newServer('acme');
    await publish({ ...v, manifest: poisonedManifest(v.name) });
    const row = await report(v.versionId);
    expect(row?.scanStatus).toBe('FAILED');
    expect(row?.findings.map((finding) => finding.ruleId)).toEqual(
      expect.arrayContaining(['hidden-instructions.pseudo-tag', 'exfiltration.sensitive-path-access']),
    );
    expect(row?.findings[0]?.path).toEqual([
      '_meta',
      'io.mcpr/publisher-provided',
      'tools',
      '0',
      'description',
    ]);
    const s = await server(v.serverId);
    expect(s.reasons[0]).toMatch(/^Demoted: version 1.0.0 failed its security scan/);
  });

  it('applies an event once, however often it is delivered', async () => {
    const v = newServer('acme');
    const event = versionPublished(v);
    await deliver(event);
    await deliver(event);
    // A replay under another event id (e.g. re-published by hand) is recognised by the version id.
    await deliver(versionPublished(v));
    expect(await db.em().count(ScannedVersionEntity, { id: v.versionId })).toBe(1);
    expect(await outboxOf(db, 'scan.completed', v.name)).toHaveLength(1);
    expect(await db.em().count(ProcessedEvent, { consumer: TRUST_GROUP, eventId: event.id })).toBe(1);
  });

  it('flags a rug pull with the diff against the version it follows', async () => {
    const v1 = newServer('acme');
    await publish(v1);
    const benign = nextVersion(v1, '1.1.0', manifest(v1.name, '1.1.0', changedTools()));
    await publish(benign);
    const rug = nextVersion(v1, '1.2.0', manifest(v1.name, '1.2.0', rugPullTools()));
    await publish(rug);

    const benignRow = await report(benign.versionId);
    expect(benignRow).toMatchObject({ scanStatus: 'WARNED', rugPull: true, previousVersion: '1.0.0' });
    expect(benignRow?.findings.map((finding) => finding.ruleId)).toEqual(['rug-pull.tool-changed']);

    const rugRow = await report(rug.versionId);
    expect(rugRow).toMatchObject({ scanStatus: 'FAILED', rugPull: true, previousVersion: '1.1.0' });
    expect(rugRow?.findings.map((finding) => finding.ruleId)).toEqual(
      expect.arrayContaining(['rug-pull.instructions-added', 'rug-pull.tool-changed']),
    );
    expect(rugRow?.toolChanges?.added).toEqual([]);
    expect(rugRow?.toolChanges?.removed).toEqual([]);
    expect(rugRow?.toolChanges?.changed).toEqual([
      expect.objectContaining({
        name: 'get_forecast',
        fields: ['description'],
        before: expect.objectContaining({ description: 'Forecast for a city, up to 7 days' }),
        after: expect.objectContaining({
          description: expect.stringMatching(/Ignore all previous instructions/),
        }),
      }),
    ]);
    const [completed] = (await outboxOf(db, 'scan.completed', v1.name)).filter(
      (row) => row.data.versionId === rug.versionId,
    );
    expect(completed?.data).toMatchObject({
      rugPull: true,
      previousVersion: '1.1.0',
      toolChanges: { added: [], removed: [], changed: ['get_forecast'] },
    });
  });

  it('compares a backport with its own line, and a first-of-line version with nothing', async () => {
    const v1 = newServer('acme');
    await publish(v1);
    const v2 = nextVersion(
      v1,
      '2.0.0',
      manifest(v1.name, '2.0.0', [...WEATHER_TOOLS, { name: 'alerts', description: 'Alerts' }]),
    );
    await publish(v2);
    const backport = nextVersion(v1, '1.0.1');
    await publish(backport, { isLatest: false });
    expect(await report(backport.versionId)).toMatchObject({
      previousVersion: '1.0.0',
      rugPull: false,
      scanStatus: 'PASSED',
    });
    expect((await report(v2.versionId))?.toolChanges?.added.map((tool) => tool.name)).toEqual(['alerts']);
    expect((await server(v1.serverId)).latestVersionId).toBe(v2.versionId);
    const older = nextVersion(v1, '0.9.0');
    await publish(older, { isLatest: false });
    expect(await report(older.versionId)).toMatchObject({ previousVersion: null, toolChanges: null });
  });

  it('moves through the tiers, emitting tier.changed with the reason each time', async () => {
    const v1 = newServer('acme');
    await publish(v1);
    // Installs: COMMUNITY_TRUSTED at the threshold (3 in these tests).
    await deliver(installRecorded(v1, 1), installRecorded(v1, 2));
    expect((await server(v1.serverId)).tier).toBe(TrustTier.UNVERIFIED);
    await deliver(installRecorded(v1, 3));
    expect((await server(v1.serverId)).tier).toBe(TrustTier.COMMUNITY_TRUSTED);

    // Two approvals: SECURITY_AUDITED.
    const first = await submitReview(ctxFor(db, reviewer('ann')), {
      name: v1.name,
      version: '1.0.0',
      verdict: 'APPROVE',
    });
    expect(first.ok && first.value.refresh.tierChanged).toBe(false);
    const second = await submitReview(ctxFor(db, reviewer('bob')), {
      name: v1.name,
      version: 'latest',
      verdict: 'APPROVE',
    });
    expect(second.ok && second.value.server.tier).toBe(TrustTier.SECURITY_AUDITED);

    // A new version with the same tools keeps it; one that changes a pinned tool is a rug pull and demotes.
    const same = nextVersion(v1, '1.0.1');
    await publish(same);
    expect((await server(v1.serverId)).tier).toBe(TrustTier.SECURITY_AUDITED);
    const changed = nextVersion(v1, '1.1.0', manifest(v1.name, '1.1.0', changedTools()));
    await publish(changed);
    expect((await server(v1.serverId)).tier).toBe(TrustTier.UNVERIFIED);

    // Deleting the changed version makes 1.0.1 latest again (the registry says so): audited again.
    await deliver(versionStatusChanged(changed, 'DELETED', same.versionId));
    expect((await server(v1.serverId)).tier).toBe(TrustTier.SECURITY_AUDITED);

    // An attestation certifies; a HIGH advisory covering the latest demotes.
    const attested = await recordAttestation(ctxFor(db, trustAdmin()), {
      name: v1.name,
      version: '1.0.1',
      attestor: 'ACME Audit',
      evidenceUrl: 'https://audit.example.com/r/1',
    });
    expect(attested.ok && attested.value.server.tier).toBe(TrustTier.CERTIFIED);
    const advised = await publishAdvisory(ctxFor(db, trustAdmin()), {
      name: v1.name,
      affectedVersions: '<1.1.0',
      severity: Severity.HIGH,
      summary: 'Leaks the API key in logs',
    });
    expect(advised.ok && advised.value.server.tier).toBe(TrustTier.UNVERIFIED);

    expect(await tierEvents(v1.name)).toEqual([
      { from: 'UNVERIFIED', to: 'COMMUNITY_TRUSTED', reason: '3 installs (COMMUNITY_TRUSTED needs 3).' },
      { from: 'COMMUNITY_TRUSTED', to: 'SECURITY_AUDITED', reason: 'Approved by ann, bob on version 1.0.0.' },
      {
        from: 'SECURITY_AUDITED',
        to: 'UNVERIFIED',
        reason: 'Demoted: version 1.1.0 changes get_forecast pinned in 1.0.1 (rug-pull finding).',
      },
      {
        from: 'UNVERIFIED',
        to: 'SECURITY_AUDITED',
        reason: 'Approved by ann, bob on version 1.0.0; tool pins unchanged since.',
      },
      {
        from: 'SECURITY_AUDITED',
        to: 'CERTIFIED',
        reason: 'Certified: attested by ACME Audit for version 1.0.1.',
      },
      {
        from: 'CERTIFIED',
        to: 'UNVERIFIED',
        reason: 'Demoted: HIGH advisory "Leaks the API key in logs" (<1.1.0) affects version 1.0.1.',
      },
    ]);
    const history = await db
      .em()
      .find(TierChangeEntity, { serverId: v1.serverId }, { orderBy: { changedAt: 'asc', id: 'asc' } });
    expect(history.map((change) => change.toTier)).toEqual([
      'COMMUNITY_TRUSTED',
      'SECURITY_AUDITED',
      'UNVERIFIED',
      'SECURITY_AUDITED',
      'CERTIFIED',
      'UNVERIFIED',
    ]);
    const events = await outboxOf(db, 'tier.changed', v1.name);
    expect(history.map((change) => change.eventId)).toEqual(events.map((event) => event.eventId));
  });

  it('orders non-semver versions by publish time (from summaries without manifests)', async () => {
    const first = { ...newServer('acme'), version: 'nightly-b' };
    first.manifest = manifest(first.name, first.version);
    await publish(first, { occurredAt: new Date(Date.now() - 60_000) });
    const second = nextVersion(first, 'nightly-a', manifest(first.name, 'nightly-a', changedTools()));
    await publish(second);
    const [summary] = await versionSummaries(db.em(), first.serverId);
    expect(summary?.publishedAt).toBeInstanceOf(Date);
    expect(await report(second.versionId)).toMatchObject({ previousVersion: 'nightly-b', rugPull: true });
  });

  it('demotes a community-trusted server whose new latest version fails its scan', async () => {
    const v1 = newServer('acme');
    await publish(v1);
    await deliver(installRecorded(v1, 5));
    expect((await server(v1.serverId)).tier).toBe(TrustTier.COMMUNITY_TRUSTED);
    const bad = nextVersion(v1, '1.0.1', poisonedManifest(v1.name, '1.0.1'));
    await publish(bad);
    const s = await server(v1.serverId);
    expect(s.tier).toBe(TrustTier.UNVERIFIED);
    expect(s.reasons[0]).toMatch(/Demoted: version 1.0.1 failed its security scan/);
  });

  it('keeps the highest install count when installs commit out of order', async () => {
    const v1 = newServer('acme');
    await publish(v1);
    await deliver(installRecorded(v1, 2), installRecorded(v1, 1));
    expect((await server(v1.serverId)).installs).toBe(2);
  });

  it('ignores installs and status changes of servers it never saw published', async () => {
    const ghost = newServer('ghost');
    await deliver(installRecorded(ghost, 10), versionStatusChanged(ghost, 'DEPRECATED', ghost.versionId));
    expect(await db.em().count(TrustServerEntity, { id: ghost.serverId })).toBe(0);
  });

  it('passes the names it knows to the typosquat rules', async () => {
    const original = newServer('github', 'github-mcp-server');
    await publish(original);
    const squat = newServer('githuh', 'github-mcp-server');
    await publish(squat);
    expect((await report(squat.versionId))?.findings.map((finding) => finding.ruleId)).toContain(
      'names.typosquat',
    );
  });
});
