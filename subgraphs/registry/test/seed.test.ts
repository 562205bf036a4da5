import { testDialects } from '@mcpr/platform';
import { NamespaceEntity, ServerEntity, ServerVersionEntity } from '../src/data/entities';
import { formatSeedReport, loadOfficialSeed, SEED_VERSION } from '../src/cli/seed';
import { seedManifests } from '../src/domain/seeding';
import { openTestDb, type TestDb } from './helpers';

describe.each(testDialects())('official seed on %s', (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(dialect);
  });
  afterAll(() => db.close());

  it('publishes the 358 seed manifests as 1.0.0: 293 accepted, 65 rejected for empty descriptions', async () => {
    const manifests = loadOfficialSeed();
    expect(manifests).toHaveLength(358);
    const report = await seedManifests(db.em(), manifests, { forceVersion: SEED_VERSION });
    expect(report.accepted).toBe(293);
    expect(report.rejected).toBe(65);
    expect(report.reasons).toEqual({ 'BAD_USER_INPUT manifest.description': 65 });
    for (const rejection of report.rejections) {
      expect(rejection.errors.map((error) => error.path)).toEqual([['manifest', 'description']]);
    }
    expect(formatSeedReport(report)).toContain('accepted: 293');

    const em = db.em();
    expect(await em.count(ServerEntity, {})).toBe(293);
    expect(await em.count(ServerVersionEntity, { version: '1.0.0', isLatest: true })).toBe(293);
    expect(await em.count(NamespaceEntity, {})).toBeGreaterThan(200);

    // Seeding again changes nothing: every accepted manifest is now a duplicate version.
    const again = await seedManifests(db.em(), manifests.slice(0, 5), { forceVersion: SEED_VERSION });
    expect(again.accepted).toBe(0);
  });
});
