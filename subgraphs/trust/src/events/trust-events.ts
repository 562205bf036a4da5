import { emitToOutbox, eventBuilder, type EventOrigin } from '@mcpr/platform';

/** The `source` of every event trust emits. */
export const TRUST_SOURCE = 'trust';

/** Event types trust emits (ARCHITECTURE §4, plus the attestation and signature families audit logs). */
export const TrustEventType = {
  SCAN_COMPLETED: 'scan.completed',
  TIER_CHANGED: 'tier.changed',
  REVIEW_SUBMITTED: 'review.submitted',
  ADVISORY_PUBLISHED: 'advisory.published',
  ATTESTATION_RECORDED: 'attestation.recorded',
  SIGNATURE_KEY_REGISTERED: 'signature.key_registered',
  SIGNATURE_KEY_REVOKED: 'signature.key_revoked',
} as const;

export type TrustEventType = (typeof TrustEventType)[keyof typeof TrustEventType];

/** Who and in which trace, common to every event of one command. */
export type { EventOrigin } from '@mcpr/platform';

/** Common to the events about one version. */
export interface TrustVersionRef extends Record<string, unknown> {
  serverId: string;
  name: string;
  versionId: string;
  version: string;
}

export interface ScanCompletedData extends TrustVersionRef {
  manifestDigest: string;
  status: string;
  score: number;
  findingCount: number;
  /** Findings per severity, e.g. `{ HIGH: 2, LOW: 1 }`. */
  findingsBySeverity: Record<string, number>;
  /** Rule ids of the findings (deduplicated, worst first). */
  ruleIds: string[];
  toolsetHash: string;
  previousVersion: string | null;
  rugPull: boolean;
  toolChanges: { added: string[]; removed: string[]; changed: string[] } | null;
  signatureStatus: string;
}

export interface TierChangedData extends Record<string, unknown> {
  serverId: string;
  name: string;
  tier: string;
  previousTier: string;
  /** The main reason: the demotion's cause, or what earned the promotion. */
  reason: string;
  reasons: string[];
  score: number;
  versionId: string | null;
  version: string | null;
}

export interface ReviewSubmittedData extends TrustVersionRef {
  reviewId: string;
  verdict: string;
  reviewer: string;
  /** True when it replaced the reviewer's earlier verdict on the same version. */
  replaced: boolean;
  previousVerdict: string | null;
}

export interface AdvisoryPublishedData extends Record<string, unknown> {
  advisoryId: string;
  serverId: string;
  name: string;
  affectedVersions: string;
  severity: string;
  summary: string;
}

export interface AttestationRecordedData extends TrustVersionRef {
  attestationId: string;
  attestor: string;
  evidenceUrl: string;
}

export interface SignatureKeyData extends Record<string, unknown> {
  keyId: string;
  account: string;
  fingerprint: string;
}

const build = eventBuilder(TRUST_SOURCE);

/**
 * Builders: the subject rule of ARCHITECTURE §4 lives here and nowhere else — the server name for scan,
 * tier, review, advisory and attestation events; the account handle for publisher-key events (they
 * concern an account, not a server).
 */
export const trustEvents = {
  scanCompleted: (data: ScanCompletedData, origin: EventOrigin) =>
    build(TrustEventType.SCAN_COMPLETED, data.name, data, origin),
  tierChanged: (data: TierChangedData, origin: EventOrigin) =>
    build(TrustEventType.TIER_CHANGED, data.name, data, origin),
  reviewSubmitted: (data: ReviewSubmittedData, origin: EventOrigin) =>
    build(TrustEventType.REVIEW_SUBMITTED, data.name, data, origin),
  advisoryPublished: (data: AdvisoryPublishedData, origin: EventOrigin) =>
    build(TrustEventType.ADVISORY_PUBLISHED, data.name, data, origin),
  attestationRecorded: (data: AttestationRecordedData, origin: EventOrigin) =>
    build(TrustEventType.ATTESTATION_RECORDED, data.name, data, origin),
  signatureKeyRegistered: (data: SignatureKeyData, origin: EventOrigin) =>
    build(TrustEventType.SIGNATURE_KEY_REGISTERED, data.account, data, origin),
  signatureKeyRevoked: (data: SignatureKeyData, origin: EventOrigin) =>
    build(TrustEventType.SIGNATURE_KEY_REVOKED, data.account, data, origin),
};

/** Queues an event in the outbox of the caller's unit of work (see `emitToOutbox`). */
export const emit = emitToOutbox;
