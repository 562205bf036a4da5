/**
 * Corpus targets of the issue, asserted on counts (never on time): the held-out malicious half is frozen
 * and ≥ 95% flagged; benign manifests FAILED ≤ 2%; every hand-written benign case gets its fair outcome.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalDigest } from '@mcpr/platform/crypto/canonical-json';
import {
  FIXTURES_DIR,
  LIVEMCPBENCH_FILE,
  SEED_FILE,
  loadHeldout,
  loadLiveMcpBench,
  loadTricky,
  loadTuning,
  runCase,
  scanLiveMcpBench,
  scanSeed,
  summariseMalicious,
  type CorpusCase,
} from './support/corpus';

const FAMILIES = [
  'hidden-instructions',
  'exfiltration',
  'invisible-characters',
  'names',
  'packaging',
  'capabilities',
  'rug-pull',
];

describe('malicious corpus', () => {
  const heldout = loadHeldout();
  const tuning = loadTuning();

  it('keeps the held-out half exactly as frozen before tuning (digest in fixtures/README.md)', () => {
    const readme = readFileSync(path.join(FIXTURES_DIR, 'README.md'), 'utf8');
    const frozen = /heldout-canonical-sha256: ([0-9a-f]{64})/.exec(readme)?.[1];
    const parsed: unknown = JSON.parse(
      readFileSync(path.join(FIXTURES_DIR, 'malicious/heldout.json'), 'utf8'),
    );
    expect(canonicalDigest(parsed)).toBe(frozen);
  });

  it('has at least 60 well-formed cases across every family, split in two halves', () => {
    const all: CorpusCase[] = [...heldout, ...tuning];
    expect(all.length).toBeGreaterThanOrEqual(60);
    expect(heldout.length).toBeGreaterThanOrEqual(30);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    for (const c of all) {
      expect(FAMILIES).toContain(c.family);
      expect(['FAILED', 'WARNED']).toContain(c.expect);
      expect(c.description.length).toBeGreaterThan(5);
      expect(Boolean(c.tool) !== Boolean(c.manifest)).toBe(true);
    }
    for (const fam of FAMILIES) {
      expect(heldout.some((c) => c.family === fam)).toBe(true);
      expect(tuning.some((c) => c.family === fam)).toBe(true);
    }
  });

  it('flags at least 95% of the held-out half', () => {
    const s = summariseMalicious(heldout.map((c) => runCase(c)));
    expect(s.flagged / s.total).toBeGreaterThanOrEqual(0.95);
    // Recorded result at the time of writing: 45/45 flagged, 44/45 at the expected severity (HO-44 WARNED, expected FAILED).
    expect(s.met / s.total).toBeGreaterThanOrEqual(0.9);
  });

  it('flags at least 95% of the tuning half', () => {
    const s = summariseMalicious(tuning.map((c) => runCase(c)));
    expect(s.flagged / s.total).toBeGreaterThanOrEqual(0.95);
    expect(s.met).toBe(s.total);
  });
});

describe('benign corpus', () => {
  it('gives every hand-written tricky benign case its fair outcome, and never FAILED', () => {
    const outcomes = loadTricky().map((c) => runCase(c, true));
    expect(outcomes.length).toBeGreaterThanOrEqual(40);
    expect(outcomes.filter((o) => !o.met).map((o) => `${o.case.id} ${o.result.status}`)).toEqual([]);
    expect(outcomes.filter((o) => o.result.status === 'FAILED')).toEqual([]);
  });

  const shared = existsSync(SEED_FILE) && existsSync(LIVEMCPBENCH_FILE);
  (shared ? describe : describe.skip)('real manifests from ../shared', () => {
    const seed = shared ? scanSeed() : [];
    const lmb = shared ? scanLiveMcpBench() : { tools: [], servers: [] };

    it('FAILs at most 2% of the 358 official seed manifests', () => {
      expect(seed).toHaveLength(358);
      const failed = seed.filter((s) => s.result.status === 'FAILED');
      expect(failed.length / seed.length).toBeLessThanOrEqual(0.02);
    });

    it('FAILs at most 2% of the 527 LiveMCPBench tools and no Chinese description', () => {
      expect(lmb.tools).toHaveLength(527);
      expect(
        lmb.tools.filter((t) => t.result.status === 'FAILED').length / lmb.tools.length,
      ).toBeLessThanOrEqual(0.02);
      const chinese = new Set(
        loadLiveMcpBench()
          .filter((t) => /[\u4e00-\u9fff]/.test(t.description))
          .map((t) => t.id),
      );
      expect(chinese.size).toBeGreaterThanOrEqual(50);
      expect(
        lmb.tools.filter((t) => chinese.has(t.id) && t.result.status !== 'PASSED').map((t) => t.id),
      ).toEqual([]);
    });

    it('FAILs at most 2% of all benign items together, and WARNs at most 5%', () => {
      const tricky = loadTricky().map((c) => runCase(c, true).result);
      const all = [...tricky, ...seed.map((s) => s.result), ...lmb.tools.map((t) => t.result)];
      expect(all.length).toBeGreaterThanOrEqual(200);
      expect(all.filter((r) => r.status === 'FAILED').length / all.length).toBeLessThanOrEqual(0.02);
      expect(all.filter((r) => r.status === 'WARNED').length / all.length).toBeLessThanOrEqual(0.05);
    });
  });
});
