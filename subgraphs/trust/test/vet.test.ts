import { Severity, TrustTier, VersionStatus } from '@mcpr/platform';
import { decideVet, permissionKindsOf, vetNotFound, type VetSubject } from '../src/domain/vet';

const subject: VetSubject = {
  name: 'io.github.acme/weather',
  version: '1.2.0',
  status: VersionStatus.ACTIVE,
  tier: TrustTier.COMMUNITY_TRUSTED,
  findings: [
    { ruleId: 'capabilities.destructive-unannotated', severity: 'LOW', message: 'no hints', path: ['_meta'] },
    {
      ruleId: 'packaging.runtime-hint',
      severity: 'MEDIUM',
      message: 'odd hint',
      path: ['packages', '0', 'runtimeHint'],
    },
  ],
  permissionKinds: ['NETWORK', 'EXECUTE', 'execute'],
  signatureStatus: 'VALID',
  advisories: [],
};

const codes = (outcome: { reasons: { code: string }[] }) => outcome.reasons.map((reason) => reason.code);

describe('decideVet', () => {
  it('allows with no reasons when nothing applies (an empty policy)', () => {
    expect(decideVet(subject, {})).toEqual({ decision: 'ALLOW', reasons: [] });
  });

  it('allows when every part of the policy is met', () => {
    expect(
      decideVet(subject, {
        minTier: TrustTier.COMMUNITY_TRUSTED,
        maxFindingSeverity: Severity.MEDIUM,
        forbidPermissions: ['FILE_WRITE'],
        requireSignature: true,
        allowNamespaces: ['io.github.acme/*'],
      }).decision,
    ).toBe('ALLOW');
  });

  it('denies with every reason at once', () => {
    const outcome = decideVet(
      { ...subject, signatureStatus: 'UNSIGNED' },
      {
        minTier: TrustTier.SECURITY_AUDITED,
        maxFindingSeverity: Severity.INFO,
        forbidPermissions: ['execute', 'NETWORK'],
        requireSignature: true,
        allowNamespaces: ['com.example'],
      },
    );
    expect(outcome.decision).toBe('DENY');
    expect(codes(outcome)).toEqual([
      'TIER_BELOW_MINIMUM',
      'FINDING_ABOVE_SEVERITY',
      'FINDING_ABOVE_SEVERITY',
      'FORBIDDEN_PERMISSION',
      'FORBIDDEN_PERMISSION',
      'SIGNATURE_MISSING',
      'NAMESPACE_NOT_ALLOWED',
    ]);
    expect(outcome.reasons[0]!.message).toBe(
      'Trust tier COMMUNITY_TRUSTED is below the minimum SECURITY_AUDITED.',
    );
    expect(outcome.reasons[2]!.message).toMatch(
      /MEDIUM finding packaging.runtime-hint at packages.0.runtimeHint is above INFO/,
    );
    expect(outcome.reasons.slice(3, 5).map((reason) => reason.message)).toEqual([
      'io.github.acme/weather 1.2.0 requests the forbidden permission NETWORK.',
      'io.github.acme/weather 1.2.0 requests the forbidden permission EXECUTE.',
    ]);
  });

  it('only denies findings strictly above the maximum severity', () => {
    expect(codes(decideVet(subject, { maxFindingSeverity: Severity.LOW }))).toEqual([
      'FINDING_ABOVE_SEVERITY',
    ]);
    expect(decideVet(subject, { maxFindingSeverity: Severity.MEDIUM }).decision).toBe('ALLOW');
  });

  it.each(['INVALID', 'UNKNOWN_KEY', 'REVOKED_KEY'] as const)(
    'a %s signature is SIGNATURE_INVALID when required',
    (status) => {
      const outcome = decideVet({ ...subject, signatureStatus: status }, { requireSignature: true });
      expect(outcome.reasons).toEqual([
        {
          code: 'SIGNATURE_INVALID',
          message: `The signature of io.github.acme/weather 1.2.0 is ${status}; the policy requires a valid one.`,
        },
      ]);
      expect(decideVet({ ...subject, signatureStatus: status }, { requireSignature: false }).decision).toBe(
        'ALLOW',
      );
    },
  );

  it('denies on an advisory whatever the policy, listing it first', () => {
    const outcome = decideVet(
      {
        ...subject,
        advisories: [
          { id: 'adv1', severity: Severity.LOW, summary: 'Minor leak', affectedVersions: '<2.0.0' },
        ],
      },
      { minTier: TrustTier.CERTIFIED },
    );
    expect(outcome.decision).toBe('DENY');
    expect(outcome.reasons[0]).toEqual({
      code: 'ADVISORY',
      message: 'LOW advisory adv1 "Minor leak" (<2.0.0) affects io.github.acme/weather 1.2.0.',
    });
    expect(codes(outcome)).toEqual(['ADVISORY', 'TIER_BELOW_MINIMUM']);
  });

  it('denies a deleted version', () => {
    expect(codes(decideVet({ ...subject, status: VersionStatus.DELETED }, {}))).toEqual(['VERSION_DELETED']);
  });

  it('matches namespaces as patterns; an empty list allows nothing', () => {
    expect(decideVet(subject, { allowNamespaces: ['io.github.acme'] }).decision).toBe('ALLOW');
    expect(decideVet(subject, { allowNamespaces: ['io.github.*'] }).decision).toBe('ALLOW');
    expect(codes(decideVet(subject, { allowNamespaces: ['io.github.acme/other'] }))).toEqual([
      'NAMESPACE_NOT_ALLOWED',
    ]);
    expect(codes(decideVet(subject, { allowNamespaces: [] }))).toEqual(['NAMESPACE_NOT_ALLOWED']);
  });

  it('makes a NOT_FOUND deny', () => {
    expect(vetNotFound('No server named x.')).toEqual({
      decision: 'DENY',
      reasons: [{ code: 'NOT_FOUND', message: 'No server named x.' }],
    });
  });
});

describe('permissionKindsOf', () => {
  it('reads the permission kinds of our block, defensively', () => {
    expect(
      permissionKindsOf({
        _meta: {
          'io.mcpr/publisher-provided': {
            permissions: [{ kind: 'NETWORK' }, { kind: 3 }, null, { kind: 'EXECUTE' }],
          },
        },
      }),
    ).toEqual(['NETWORK', 'EXECUTE']);
    expect(permissionKindsOf({})).toEqual([]);
    expect(permissionKindsOf({ _meta: { 'io.mcpr/publisher-provided': { permissions: 'x' } } })).toEqual([]);
  });
});
