import { patternsCover, Severity, TrustTier, VersionStatus } from '@mcpr/platform';
import { severityRank, tierRank } from './ranks';
import type { SignatureStatusValue } from './signatures';

/** An organisation's policy for `vet` (GraphQL `VetPolicyInput`); every part is optional. */
export interface VetPolicy {
  minTier?: TrustTier | null;
  maxFindingSeverity?: Severity | null;
  /** Permission kinds (`EXECUTE`, `NETWORK`, ...), compared case-insensitively. */
  forbidPermissions?: readonly string[] | null;
  requireSignature?: boolean | null;
  /** Namespace patterns (`io.github.acme/*`, or a bare namespace). */
  allowNamespaces?: readonly string[] | null;
}

export type VetDecisionValue = 'ALLOW' | 'DENY';

/** Stable codes of the reasons of a DENY. */
export const VetReasonCode = {
  NOT_FOUND: 'NOT_FOUND',
  ADVISORY: 'ADVISORY',
  VERSION_DELETED: 'VERSION_DELETED',
  TIER_BELOW_MINIMUM: 'TIER_BELOW_MINIMUM',
  FINDING_ABOVE_SEVERITY: 'FINDING_ABOVE_SEVERITY',
  FORBIDDEN_PERMISSION: 'FORBIDDEN_PERMISSION',
  SIGNATURE_MISSING: 'SIGNATURE_MISSING',
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  NAMESPACE_NOT_ALLOWED: 'NAMESPACE_NOT_ALLOWED',
} as const;

export type VetReasonCode = (typeof VetReasonCode)[keyof typeof VetReasonCode];

export interface VetReason {
  code: VetReasonCode;
  message: string;
}

export interface VetOutcome {
  decision: VetDecisionValue;
  /** Every reason for a DENY; empty for an ALLOW. */
  reasons: VetReason[];
}

/** What `vet` knows about the version it decides on. */
export interface VetSubject {
  name: string;
  version: string;
  status: VersionStatus | string;
  /** The tier the server would have with this version as its latest (the server's tier for the latest). */
  tier: TrustTier;
  findings: readonly {
    ruleId: string;
    severity: Severity | string;
    message: string;
    path: readonly string[];
  }[];
  /** Permission kinds the manifest requests. */
  permissionKinds: readonly string[];
  signatureStatus: SignatureStatusValue;
  /** Advisories whose range covers this version. */
  advisories: readonly {
    id: string;
    severity: Severity | string;
    summary: string;
    affectedVersions: string;
  }[];
}

/** The DENY for a server or version trust does not know. */
export function vetNotFound(message: string): VetOutcome {
  return { decision: 'DENY', reasons: [{ code: VetReasonCode.NOT_FOUND, message }] };
}

/**
 * Decides a vet: DENY with every reason that applies, ALLOW when none does. An advisory affecting the
 * version is always a reason, whatever the policy; so is a deleted version (nothing to install). Pure.
 */
export function decideVet(subject: VetSubject, policy: VetPolicy): VetOutcome {
  const reasons: VetReason[] = [];
  const label = `${subject.name} ${subject.version}`;

  for (const advisory of subject.advisories) {
    reasons.push({
      code: VetReasonCode.ADVISORY,
      message: `${advisory.severity} advisory ${advisory.id} "${advisory.summary}" (${advisory.affectedVersions}) affects ${label}.`,
    });
  }
  if (subject.status === VersionStatus.DELETED) {
    reasons.push({ code: VetReasonCode.VERSION_DELETED, message: `${label} is deleted.` });
  }
  if (policy.minTier && tierRank(subject.tier) < tierRank(policy.minTier)) {
    reasons.push({
      code: VetReasonCode.TIER_BELOW_MINIMUM,
      message: `Trust tier ${subject.tier} is below the minimum ${policy.minTier}.`,
    });
  }
  if (policy.maxFindingSeverity) {
    const max = severityRank(policy.maxFindingSeverity);
    for (const finding of subject.findings) {
      if (severityRank(finding.severity) > max) {
        reasons.push({
          code: VetReasonCode.FINDING_ABOVE_SEVERITY,
          message: `${finding.severity} finding ${finding.ruleId} at ${finding.path.join('.') || '(manifest)'} is above ${policy.maxFindingSeverity}: ${finding.message}`,
        });
      }
    }
  }
  if (policy.forbidPermissions?.length) {
    const forbidden = new Set(policy.forbidPermissions.map((kind) => kind.trim().toUpperCase()));
    const requested = [...new Set(subject.permissionKinds.map((kind) => kind.toUpperCase()))];
    for (const kind of requested) {
      if (forbidden.has(kind)) {
        reasons.push({
          code: VetReasonCode.FORBIDDEN_PERMISSION,
          message: `${label} requests the forbidden permission ${kind}.`,
        });
      }
    }
  }
  if (policy.requireSignature && subject.signatureStatus !== 'VALID') {
    reasons.push(
      subject.signatureStatus === 'UNSIGNED'
        ? {
            code: VetReasonCode.SIGNATURE_MISSING,
            message: `${label} is not signed by its publisher; the policy requires a signature.`,
          }
        : {
            code: VetReasonCode.SIGNATURE_INVALID,
            message: `The signature of ${label} is ${subject.signatureStatus}; the policy requires a valid one.`,
          },
    );
  }
  if (policy.allowNamespaces && !patternsCover(policy.allowNamespaces, subject.name)) {
    reasons.push({
      code: VetReasonCode.NAMESPACE_NOT_ALLOWED,
      message: `${subject.name} is outside the allowed namespaces (${policy.allowNamespaces.join(', ') || 'none'}).`,
    });
  }
  return { decision: reasons.length ? 'DENY' : 'ALLOW', reasons };
}

/** The permission kinds a manifest requests in `_meta["io.mcpr/publisher-provided"].permissions`. */
export function permissionKindsOf(manifest: Record<string, unknown>): string[] {
  const meta = manifest._meta;
  if (typeof meta !== 'object' || meta === null) return [];
  const block = (meta as Record<string, unknown>)['io.mcpr/publisher-provided'];
  if (typeof block !== 'object' || block === null) return [];
  const permissions = (block as Record<string, unknown>).permissions;
  if (!Array.isArray(permissions)) return [];
  return permissions.flatMap((permission: unknown) => {
    const kind = (permission as Record<string, unknown> | null)?.kind;
    return typeof kind === 'string' ? [kind] : [];
  });
}
