import { Severity, TrustTier } from '@mcpr/platform';

/** Tiers from lowest to highest. */
export const TIER_ORDER: readonly TrustTier[] = [
  TrustTier.UNVERIFIED,
  TrustTier.COMMUNITY_TRUSTED,
  TrustTier.SECURITY_AUDITED,
  TrustTier.CERTIFIED,
];

/** Severities from lowest to highest. */
export const SEVERITY_ORDER: readonly Severity[] = [
  Severity.INFO,
  Severity.LOW,
  Severity.MEDIUM,
  Severity.HIGH,
  Severity.CRITICAL,
];

export const tierRank = (tier: TrustTier | string): number => TIER_ORDER.indexOf(tier as TrustTier);
export const severityRank = (severity: Severity | string): number =>
  SEVERITY_ORDER.indexOf(severity as Severity);

/** HIGH or CRITICAL: what fails a scan and what makes an advisory demote. */
export const isHighSeverity = (severity: Severity | string): boolean =>
  severityRank(severity) >= severityRank(Severity.HIGH);
