import { Severity, TrustTier } from '@mcpr/platform';
import { isHighSeverity } from './ranks';

/*
 * Trust tiers (the rules, as pure functions; `trust-evaluation.ts` gathers the facts and stores the result).
 *
 * Each tier has its own criterion, evaluated on the server's latest version; the highest one met wins:
 * - COMMUNITY_TRUSTED: at least `minInstalls` installs and the latest version's scan did not fail;
 * - SECURITY_AUDITED: at least 2 distinct reviewers (TRUST_REVIEW) approved, none rejecting — on the latest
 *   version itself, or on an earlier version whose tool pins the latest still has unchanged;
 * - CERTIFIED: an attestation recorded by a TRUST_ADMIN for the latest version.
 * A failed scan, a rug-pull finding (unless reviewers approved that very version) or an advisory of HIGH or
 * CRITICAL severity affecting the latest version demotes to UNVERIFIED, whatever was earned.
 */

/** Approvals (by distinct reviewers) SECURITY_AUDITED needs. */
export const REQUIRED_APPROVALS = 2;

export type ScanStatusValue = 'PENDING' | 'PASSED' | 'WARNED' | 'FAILED';
export type Verdict = 'APPROVE' | 'REJECT';

/** The facts of the evaluated version's scan. */
export interface EvaluatedVersion {
  id: string;
  version: string;
  scanStatus: ScanStatusValue;
  /** 0–100. */
  scanScore: number;
  findings: readonly { ruleId: string; severity: Severity | string }[];
  /** A `rug-pull.tool-changed` / `rug-pull.instructions-added` finding. */
  rugPull: boolean;
  /** What the tool diff compared with, and which pinned tools changed. */
  previousVersion: string | null;
  changedTools: readonly string[];
}

/** One version of the review chain: the evaluated version first, then the ones ranked below it. */
export interface ChainLink {
  version: string;
  toolsetHash: string;
  reviews: readonly { reviewer: string; verdict: Verdict | string }[];
}

/** What the reviews say about the evaluated version. */
export type AuditStanding =
  | { kind: 'none' }
  /** Fewer than the required approvals (on the version that has the most of them). */
  | { kind: 'insufficient'; version: string; approvers: string[] }
  | { kind: 'approved'; version: string; approvers: string[]; carried: boolean }
  | { kind: 'rejected'; version: string; rejecters: string[]; carried: boolean };

/**
 * Walks the chain from the evaluated version down while the tool pins stay the same (the toolset hash of
 * the evaluated version): the first version with a rejection decides REJECTED; the first one with at least
 * `required` approvals decides APPROVED. Reviews count for the version they name; they are not summed
 * across versions. A change of pins (a changed, added or removed tool) ends the walk: the new tools were
 * never reviewed.
 */
export function reviewStanding(chain: readonly ChainLink[], required = REQUIRED_APPROVALS): AuditStanding {
  const head = chain[0];
  if (!head) return { kind: 'none' };
  let best: { version: string; approvers: string[] } | undefined;
  for (const link of chain) {
    if (link.toolsetHash !== head.toolsetHash) break;
    const carried = link !== head;
    const rejecters = distinct(link.reviews.filter((r) => r.verdict === 'REJECT').map((r) => r.reviewer));
    if (rejecters.length > 0) return { kind: 'rejected', version: link.version, rejecters, carried };
    const approvers = distinct(link.reviews.filter((r) => r.verdict === 'APPROVE').map((r) => r.reviewer));
    if (approvers.length >= required) return { kind: 'approved', version: link.version, approvers, carried };
    if (approvers.length > (best?.approvers.length ?? 0)) best = { version: link.version, approvers };
  }
  return best ? { kind: 'insufficient', ...best } : { kind: 'none' };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** Everything the tier of a server depends on. */
export interface TierInputs {
  /** The latest version (null when trust has no live scanned version of the server). */
  version: EvaluatedVersion | null;
  installs: number;
  minInstalls: number;
  standing: AuditStanding;
  /** Attestations recorded for the evaluated version. */
  attestations: readonly { attestor: string }[];
  /** Advisories whose range covers the evaluated version. */
  advisories: readonly {
    id: string;
    severity: Severity | string;
    summary: string;
    affectedVersions: string;
  }[];
}

export interface TierEvaluation {
  tier: TrustTier;
  /** 0–100. */
  score: number;
  /** Demotions first, then every fact considered. */
  reasons: string[];
  /** The main reason: the first demotion, or what earned the tier. */
  reason: string;
  demoted: boolean;
}

/** Points the tier adds to the score. */
const TIER_POINTS: Record<TrustTier, number> = {
  [TrustTier.UNVERIFIED]: 0,
  [TrustTier.COMMUNITY_TRUSTED]: 15,
  [TrustTier.SECURITY_AUDITED]: 30,
  [TrustTier.CERTIFIED]: 40,
};

/** Points an advisory affecting the version takes off the score. */
const ADVISORY_PENALTY: Record<string, number> = {
  [Severity.CRITICAL]: 40,
  [Severity.HIGH]: 30,
  [Severity.MEDIUM]: 15,
  [Severity.LOW]: 5,
  [Severity.INFO]: 0,
};

/**
 * The trust score: 60% of the latest scan's score, plus points for the tier (0/15/30/40), minus a penalty
 * per advisory affecting the latest version (CRITICAL 40, HIGH 30, MEDIUM 15, LOW 5), within 0–100.
 */
export function trustScore(
  tier: TrustTier,
  scanScore: number,
  advisories: readonly { severity: Severity | string }[],
): number {
  const penalty = advisories.reduce((sum, advisory) => sum + (ADVISORY_PENALTY[advisory.severity] ?? 0), 0);
  const raw = Math.round(Math.max(0, Math.min(100, scanScore)) * 0.6) + TIER_POINTS[tier] - penalty;
  return Math.max(0, Math.min(100, raw));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The tier, score and reasons of a server from its facts. Pure and deterministic. */
export function evaluateTier(input: TierInputs): TierEvaluation {
  const { version } = input;
  if (!version) {
    const reason = 'No live version of this server has been scanned.';
    return { tier: TrustTier.UNVERIFIED, score: 0, reasons: [reason], reason, demoted: false };
  }
  const v = version.version;

  const demotions: string[] = [];
  if (version.scanStatus === 'FAILED') {
    const failing = version.findings.filter((finding) => isHighSeverity(finding.severity));
    const rules = [...new Set(failing.map((finding) => finding.ruleId))].join(', ');
    demotions.push(
      `Demoted: version ${v} failed its security scan (${plural(failing.length, 'HIGH/CRITICAL finding')}: ${rules}).`,
    );
  }
  const approvedHere = input.standing.kind === 'approved' && !input.standing.carried;
  if (version.rugPull && !approvedHere) {
    const tools = version.changedTools.length ? version.changedTools.join(', ') : 'pinned tools';
    demotions.push(
      `Demoted: version ${v} changes ${tools} pinned in ${version.previousVersion ?? 'the previous version'} (rug-pull finding).`,
    );
  }
  for (const advisory of input.advisories) {
    if (isHighSeverity(advisory.severity)) {
      demotions.push(
        `Demoted: ${advisory.severity} advisory "${advisory.summary}" (${advisory.affectedVersions}) affects version ${v}.`,
      );
    }
  }

  const facts: string[] = [
    `Evaluated on version ${v}: scan ${version.scanStatus} (score ${version.scanScore}).`,
  ];
  const communityOk = input.installs >= input.minInstalls && version.scanStatus !== 'FAILED';
  const installsReason =
    input.installs >= input.minInstalls
      ? `${plural(input.installs, 'install')} (COMMUNITY_TRUSTED needs ${input.minInstalls}).`
      : `${plural(input.installs, 'install')} of the ${input.minInstalls} COMMUNITY_TRUSTED needs.`;
  facts.push(installsReason);

  let auditReason: string;
  const standing = input.standing;
  switch (standing.kind) {
    case 'approved':
      auditReason = standing.carried
        ? `Approved by ${standing.approvers.join(', ')} on version ${standing.version}; tool pins unchanged since.`
        : `Approved by ${standing.approvers.join(', ')} on version ${v}.`;
      break;
    case 'rejected':
      auditReason = `Rejected by ${standing.rejecters.join(', ')} on version ${standing.version}.`;
      break;
    case 'insufficient':
      auditReason = `${plural(standing.approvers.length, 'approval')} (${standing.approvers.join(', ')}) on version ${standing.version}; SECURITY_AUDITED needs ${REQUIRED_APPROVALS}.`;
      break;
    default:
      auditReason = `No security review of version ${v} or of an earlier version with the same tools.`;
  }
  facts.push(auditReason);

  const attestors = [...new Set(input.attestations.map((attestation) => attestation.attestor))].sort();
  const attestReason = attestors.length
    ? `Certified: attested by ${attestors.join(', ')} for version ${v}.`
    : null;
  if (attestReason) facts.push(attestReason);
  for (const advisory of input.advisories) {
    if (!isHighSeverity(advisory.severity)) {
      facts.push(
        `${advisory.severity} advisory "${advisory.summary}" (${advisory.affectedVersions}) affects version ${v}.`,
      );
    }
  }

  let earned: TrustTier = TrustTier.UNVERIFIED;
  let earnedReason = installsReason;
  if (attestReason) {
    earned = TrustTier.CERTIFIED;
    earnedReason = attestReason;
  } else if (standing.kind === 'approved') {
    earned = TrustTier.SECURITY_AUDITED;
    earnedReason = auditReason;
  } else if (communityOk) {
    earned = TrustTier.COMMUNITY_TRUSTED;
    earnedReason = installsReason;
  }
  const demoted = demotions.length > 0;
  const tier = demoted ? TrustTier.UNVERIFIED : earned;
  return {
    tier,
    score: trustScore(tier, version.scanScore, input.advisories),
    reasons: [...demotions, ...facts],
    reason: demoted ? demotions[0]! : earnedReason,
    demoted,
  };
}
