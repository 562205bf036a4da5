import type { Severity, TrustTier, UserError, UserErrorData } from '@mcpr/platform';
import type { PinnedTool } from '@mcpr/scanner';
import type {
  AdvisoryEntity,
  AttestationEntity,
  PublisherKeyEntity,
  ReviewEntity,
  ScannedVersionEntity,
  TierChangeEntity,
} from '../data/entities';
import type { TrustServerRow } from '../data/loaders';
import type { TrustContext } from '../context';
import { namespaceOf } from '../domain/ingest';
import { signatureStatusOf } from '../domain/signatures';
import type { Advisory } from '../schema/advisory.type';
import type { Attestation } from '../schema/attestation.type';
import { ReviewVerdict, ScanStatus, SignatureStatus } from '../schema/enums';
import type { PublisherKey } from '../schema/publisher-key.type';
import type { Review } from '../schema/review.type';
import type { ScanReport, ToolChanges } from '../schema/scan-report.type';
import type { TierChange } from '../schema/tier-change.type';
import type { Trust } from '../schema/trust.type';

/*
 * Entity → GraphQL shape. The table layout is not the public contract, so nothing is passed through raw.
 */

/** A server trust has not evaluated is UNVERIFIED (ARCHITECTURE §6). */
export const UNSEEN_TRUST: Trust = {
  tier: 'UNVERIFIED' as TrustTier,
  score: 0,
  reasons: ['Not yet evaluated by the trust service.'],
  installs: null,
  tierChangedAt: null,
  updatedAt: null,
};

/**
 * The trust of a server. `evaluatedVersion` is left to its field resolver: loading the evaluated version for
 * every server cost a second query and the hydration of its scan report on every search page, which asks
 * only for the tier.
 */
export function toTrust(row: TrustServerRow | null): Trust {
  if (!row) return { ...UNSEEN_TRUST, reasons: [...UNSEEN_TRUST.reasons] };
  return {
    tier: row.tier,
    score: row.score,
    reasons: row.reasons,
    installs: row.installs,
    evaluatedVersionId: row.evaluatedVersionId ?? null,
    tierChangedAt: row.tierChangedAt,
    updatedAt: row.updatedAt,
  };
}

/** A version is PENDING until its scan report is stored. */
export function pendingScan(versionId: string): ScanReport {
  return {
    versionId,
    version: null,
    status: ScanStatus.PENDING,
    score: null,
    findings: [],
    scannedAt: null,
    signatureStatus: null,
    toolPins: [],
    toolsetHash: null,
    previousVersion: null,
  };
}

export function toScanReport(row: ScannedVersionEntity, signatureStatus: SignatureStatus): ScanReport {
  return {
    versionId: row.id,
    version: row.version,
    status: row.scanStatus as ScanStatus,
    score: row.scanScore,
    findings: row.findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity as Severity,
      message: finding.message,
      path: finding.path,
      evidence: finding.evidence ?? null,
    })),
    scannedAt: row.scannedAt,
    signatureStatus,
    toolPins: row.toolPins.map((pin) => ({ name: pin.name, hash: pin.hash })),
    toolsetHash: row.toolsetHash,
    previousVersion: row.previousVersion,
  };
}

/** Accounts whose keys may sign a version (see `signersOf` in domain/ingest.ts), through the loaders. */
async function signersForLoaded(
  ctx: TrustContext,
  serverName: string,
  publishedBy: string,
): Promise<string[]> {
  const owner = await ctx.loaders.namespaceOwnerByName.load(namespaceOf(serverName));
  return owner ? [owner.owner, publishedBy] : [publishedBy];
}

/** The report of a stored version, its signature status checked against the keys as they are now. */
export async function loadScanReport(row: ScannedVersionEntity, ctx: TrustContext): Promise<ScanReport> {
  const key = row.signatureKeyId ? await ctx.loaders.publisherKeyById.load(row.signatureKeyId) : null;
  const server = await ctx.loaders.serverById.load(row.serverId);
  const signers = await signersForLoaded(ctx, server?.name ?? '', row.publishedBy);
  const status = signatureStatusOf(
    row.manifest,
    key && { id: key.id, account: key.account, publicKey: key.publicKey, revoked: key.revokedAt !== null },
    signers,
  );
  return toScanReport(row, status as SignatureStatus);
}

const nameOf = (tool: PinnedTool): string => (typeof tool.name === 'string' ? tool.name : '');
const asObject = (tool: PinnedTool): Record<string, unknown> => ({ ...tool });

export function toToolChanges(row: ScannedVersionEntity): ToolChanges | null {
  if (!row.toolChanges || row.previousVersion === null) return null;
  return {
    previousVersion: row.previousVersion,
    added: row.toolChanges.added.map((tool) => ({ name: nameOf(tool), definition: asObject(tool) })),
    removed: row.toolChanges.removed.map((tool) => ({ name: nameOf(tool), definition: asObject(tool) })),
    changed: row.toolChanges.changed.map((change) => ({
      name: change.name,
      before: asObject(change.before),
      after: asObject(change.after),
      fields: change.fields,
      beforeHash: change.beforeHash,
      afterHash: change.afterHash,
    })),
  };
}

export const toReview = (row: ReviewEntity, name: string, version: string): Review => ({
  id: row.id,
  name,
  version,
  verdict: row.verdict as ReviewVerdict,
  reviewer: row.reviewer,
  notes: row.notes,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const toAdvisory = (row: AdvisoryEntity, name: string, affects: string[]): Advisory => ({
  id: row.id,
  name,
  severity: row.severity as Severity,
  affectedVersions: row.affectedVersions,
  affects,
  summary: row.summary,
  details: row.details,
  publishedBy: row.publishedBy,
  publishedAt: row.publishedAt,
});

export const toAttestation = (row: AttestationEntity, name: string, version: string): Attestation => ({
  id: row.id,
  name,
  version,
  attestor: row.attestor,
  evidenceUrl: row.evidenceUrl,
  recordedBy: row.recordedBy,
  recordedAt: row.recordedAt,
});

export const toPublisherKey = (row: PublisherKeyEntity): PublisherKey => ({
  id: row.id,
  account: row.account,
  publicKey: row.publicKey,
  fingerprint: row.fingerprint,
  createdAt: row.createdAt,
  revokedAt: row.revokedAt,
});

export const toTierChange = (row: TierChangeEntity): TierChange => ({
  from: row.fromTier as TrustTier,
  to: row.toTier as TrustTier,
  reason: row.reason,
  reasons: row.reasons,
  version: row.version,
  changedAt: row.changedAt,
});

export const toUserErrors = (errors: UserErrorData[]): UserError[] =>
  errors.map((error) => ({ code: error.code, message: error.message, path: error.path }));
