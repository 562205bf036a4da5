import fc from 'fast-check';
import { Severity, TrustTier } from '@mcpr/platform';
import {
  evaluateTier,
  reviewStanding,
  trustScore,
  type AuditStanding,
  type ChainLink,
  type EvaluatedVersion,
  type TierInputs,
} from '../src/domain/tiers';

const clean: EvaluatedVersion = {
  id: 'v2',
  version: '1.1.0',
  scanStatus: 'PASSED',
  scanScore: 100,
  findings: [],
  rugPull: false,
  previousVersion: '1.0.0',
  changedTools: [],
};
const failed: EvaluatedVersion = {
  ...clean,
  scanStatus: 'FAILED',
  scanScore: 10,
  findings: [
    { ruleId: 'hidden-instructions.pseudo-tag', severity: 'HIGH' },
    { ruleId: 'packaging.runtime-hint', severity: 'MEDIUM' },
  ],
};
const rugPull: EvaluatedVersion = {
  ...clean,
  scanStatus: 'WARNED',
  scanScore: 76,
  findings: [{ ruleId: 'rug-pull.tool-changed', severity: 'MEDIUM' }],
  rugPull: true,
  changedTools: ['get_forecast'],
};

const approvedHere: AuditStanding = {
  kind: 'approved',
  version: '1.1.0',
  approvers: ['ann', 'bob'],
  carried: false,
};
const approvedCarried: AuditStanding = { ...approvedHere, version: '1.0.0', carried: true };
const rejected: AuditStanding = { kind: 'rejected', version: '1.1.0', rejecters: ['cat'], carried: false };
const oneApproval: AuditStanding = { kind: 'insufficient', version: '1.1.0', approvers: ['ann'] };

const highAdvisory = { id: 'a1', severity: Severity.HIGH, summary: 'Token leak', affectedVersions: '<2.0.0' };
const criticalAdvisory = { ...highAdvisory, id: 'a2', severity: Severity.CRITICAL };
const mediumAdvisory = { ...highAdvisory, id: 'a3', severity: Severity.MEDIUM, summary: 'Verbose logs' };

function inputs(overrides: Partial<TierInputs>): TierInputs {
  return {
    version: clean,
    installs: 0,
    minInstalls: 100,
    standing: { kind: 'none' },
    attestations: [],
    advisories: [],
    ...overrides,
  };
}

describe('evaluateTier', () => {
  const cases: [string, Partial<TierInputs>, TrustTier, RegExp][] = [
    // promotions
    ['no installs, no reviews', {}, TrustTier.UNVERIFIED, /0 installs of the 100/],
    ['99 installs', { installs: 99 }, TrustTier.UNVERIFIED, /99 installs of the 100/],
    ['100 installs, passed scan', { installs: 100 }, TrustTier.COMMUNITY_TRUSTED, /100 installs \(COMMUNITY/],
    [
      '100 installs, warned scan',
      { installs: 100, version: { ...clean, scanStatus: 'WARNED' } },
      TrustTier.COMMUNITY_TRUSTED,
      /100 installs/,
    ],
    [
      'two approvals on the version',
      { standing: approvedHere },
      TrustTier.SECURITY_AUDITED,
      /Approved by ann, bob on version 1.1.0/,
    ],
    [
      'approvals carried over unchanged pins',
      { standing: approvedCarried, installs: 500 },
      TrustTier.SECURITY_AUDITED,
      /tool pins unchanged since/,
    ],
    [
      'one approval only',
      { standing: oneApproval, installs: 150 },
      TrustTier.COMMUNITY_TRUSTED,
      /150 installs/,
    ],
    ['a rejection', { standing: rejected, installs: 150 }, TrustTier.COMMUNITY_TRUSTED, /150 installs/],
    [
      'an attestation',
      { attestations: [{ attestor: 'ACME Audit' }] },
      TrustTier.CERTIFIED,
      /attested by ACME Audit/,
    ],
    [
      'attestation and approvals',
      { attestations: [{ attestor: 'ACME Audit' }], standing: approvedHere },
      TrustTier.CERTIFIED,
      /Certified/,
    ],
    [
      'a MEDIUM advisory does not demote',
      { installs: 100, advisories: [mediumAdvisory] },
      TrustTier.COMMUNITY_TRUSTED,
      /100 installs/,
    ],
    // demotions
    [
      'failed scan with installs',
      { installs: 1000, version: failed },
      TrustTier.UNVERIFIED,
      /failed its security scan \(1 HIGH\/CRITICAL finding: hidden-instructions.pseudo-tag\)/,
    ],
    [
      'failed scan with approvals',
      { version: failed, standing: approvedHere },
      TrustTier.UNVERIFIED,
      /failed its security scan/,
    ],
    [
      'failed scan with an attestation',
      { version: failed, attestations: [{ attestor: 'X' }] },
      TrustTier.UNVERIFIED,
      /failed its security scan/,
    ],
    [
      'rug pull with installs',
      { installs: 1000, version: rugPull },
      TrustTier.UNVERIFIED,
      /changes get_forecast pinned in 1.0.0 \(rug-pull finding\)/,
    ],
    [
      'rug pull with approvals carried from before the change',
      { version: rugPull, standing: approvedCarried },
      TrustTier.UNVERIFIED,
      /rug-pull finding/,
    ],
    [
      'rug pull approved on that very version',
      { version: rugPull, standing: approvedHere },
      TrustTier.SECURITY_AUDITED,
      /Approved by ann, bob on version 1.1.0/,
    ],
    [
      'HIGH advisory with installs',
      { installs: 1000, advisories: [highAdvisory] },
      TrustTier.UNVERIFIED,
      /HIGH advisory "Token leak" \(<2.0.0\) affects version 1.1.0/,
    ],
    [
      'CRITICAL advisory on a certified version',
      { attestations: [{ attestor: 'X' }], advisories: [criticalAdvisory] },
      TrustTier.UNVERIFIED,
      /CRITICAL advisory/,
    ],
  ];

  it.each(cases)('%s', (_label, overrides, tier, reason) => {
    const evaluation = evaluateTier(inputs(overrides));
    expect(evaluation.tier).toBe(tier);
    expect(evaluation.reason).toMatch(reason);
    expect(evaluation.reasons).toContain(evaluation.reason);
    expect(evaluation.score).toBeGreaterThanOrEqual(0);
    expect(evaluation.score).toBeLessThanOrEqual(100);
  });

  it('lists every demotion first, and every fact after', () => {
    const evaluation = evaluateTier(
      inputs({
        version: { ...failed, rugPull: true, changedTools: ['get_forecast'] },
        advisories: [highAdvisory, mediumAdvisory],
        installs: 7,
      }),
    );
    expect(evaluation.demoted).toBe(true);
    expect(evaluation.reasons.slice(0, 3)).toEqual([
      expect.stringMatching(/^Demoted: version 1.1.0 failed its security scan/),
      expect.stringMatching(/^Demoted: version 1.1.0 changes get_forecast/),
      expect.stringMatching(/^Demoted: HIGH advisory/),
    ]);
    expect(evaluation.reasons.slice(3)).toEqual([
      'Evaluated on version 1.1.0: scan FAILED (score 10).',
      '7 installs of the 100 COMMUNITY_TRUSTED needs.',
      'No security review of version 1.1.0 or of an earlier version with the same tools.',
      'MEDIUM advisory "Verbose logs" (<2.0.0) affects version 1.1.0.',
    ]);
  });

  it('is UNVERIFIED with score 0 when no live version was scanned', () => {
    expect(evaluateTier(inputs({ version: null, installs: 5000 }))).toEqual({
      tier: TrustTier.UNVERIFIED,
      score: 0,
      reasons: ['No live version of this server has been scanned.'],
      reason: 'No live version of this server has been scanned.',
      demoted: false,
    });
  });
});

describe('reviewStanding', () => {
  const link = (version: string, toolsetHash: string, reviews: [string, string][] = []): ChainLink => ({
    version,
    toolsetHash,
    reviews: reviews.map(([reviewer, verdict]) => ({ reviewer, verdict })),
  });

  it('approves with two distinct approvers on the version', () => {
    expect(
      reviewStanding([
        link('2.0.0', 'h', [
          ['ann', 'APPROVE'],
          ['bob', 'APPROVE'],
        ]),
      ]),
    ).toEqual({
      kind: 'approved',
      version: '2.0.0',
      approvers: ['ann', 'bob'],
      carried: false,
    });
  });

  it('counts a reviewer once', () => {
    expect(
      reviewStanding([
        link('2.0.0', 'h', [
          ['ann', 'APPROVE'],
          ['ann', 'APPROVE'],
        ]),
      ]),
    ).toEqual({
      kind: 'insufficient',
      version: '2.0.0',
      approvers: ['ann'],
    });
  });

  it('is rejected by any rejection, whatever the approvals', () => {
    const standing = reviewStanding([
      link('2.0.0', 'h', [
        ['ann', 'APPROVE'],
        ['bob', 'APPROVE'],
        ['cat', 'REJECT'],
      ]),
    ]);
    expect(standing).toMatchObject({ kind: 'rejected', rejecters: ['cat'] });
  });

  it('carries approvals over versions with unchanged pins, and stops at a change of pins', () => {
    const approved = link('1.0.0', 'a', [
      ['ann', 'APPROVE'],
      ['bob', 'APPROVE'],
    ]);
    expect(reviewStanding([link('1.2.0', 'a'), link('1.1.0', 'a'), approved])).toMatchObject({
      kind: 'approved',
      version: '1.0.0',
      carried: true,
    });
    // 1.1.0 changed the tools and 1.2.0 restored them: the chain of unchanged pins is broken.
    expect(reviewStanding([link('1.2.0', 'a'), link('1.1.0', 'b'), approved])).toEqual({ kind: 'none' });
    expect(reviewStanding([link('1.1.0', 'b'), approved])).toEqual({ kind: 'none' });
  });

  it('does not sum approvals across versions, and the nearest decision wins', () => {
    expect(
      reviewStanding([link('1.1.0', 'a', [['ann', 'APPROVE']]), link('1.0.0', 'a', [['bob', 'APPROVE']])]),
    ).toMatchObject({ kind: 'insufficient', approvers: ['ann'] });
    expect(
      reviewStanding([
        link('1.1.0', 'a', [['cat', 'REJECT']]),
        link('1.0.0', 'a', [
          ['ann', 'APPROVE'],
          ['bob', 'APPROVE'],
        ]),
      ]),
    ).toMatchObject({ kind: 'rejected', version: '1.1.0' });
    expect(
      reviewStanding([
        link('1.1.0', 'a', [['ann', 'APPROVE']]),
        link('1.0.0', 'a', [
          ['ann', 'APPROVE'],
          ['bob', 'APPROVE'],
        ]),
      ]),
    ).toMatchObject({ kind: 'approved', version: '1.0.0', carried: true });
  });

  it('is none for an empty chain', () => {
    expect(reviewStanding([])).toEqual({ kind: 'none' });
  });
});

describe('trustScore', () => {
  it('combines the scan score, the tier and the advisories within 0–100', () => {
    expect(trustScore(TrustTier.UNVERIFIED, 100, [])).toBe(60);
    expect(trustScore(TrustTier.COMMUNITY_TRUSTED, 100, [])).toBe(75);
    expect(trustScore(TrustTier.SECURITY_AUDITED, 100, [])).toBe(90);
    expect(trustScore(TrustTier.CERTIFIED, 100, [])).toBe(100);
    expect(trustScore(TrustTier.UNVERIFIED, 100, [{ severity: 'HIGH' }])).toBe(30);
    expect(trustScore(TrustTier.UNVERIFIED, 10, [{ severity: 'CRITICAL' }])).toBe(0);
  });

  it('is always an integer in 0–100', () => {
    const tiers = Object.values(TrustTier);
    const severities = Object.values(Severity);
    fc.assert(
      fc.property(
        fc.constantFrom(...tiers),
        fc.integer({ min: -50, max: 200 }),
        fc.array(fc.constantFrom(...severities).map((severity) => ({ severity }))),
        (tier, scan, advisories) => {
          const score = trustScore(tier, scan, advisories);
          return Number.isInteger(score) && score >= 0 && score <= 100;
        },
      ),
    );
  });
});
