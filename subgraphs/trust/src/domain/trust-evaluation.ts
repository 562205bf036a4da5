import type { EntityManager } from '@mikro-orm/knex';
import { TrustTier } from '@mcpr/platform';
import {
  AdvisoryEntity,
  AttestationEntity,
  ReviewEntity,
  ScannedVersionEntity,
  TierChangeEntity,
  type TrustServerEntity,
} from '../data/entities';
import { emit, trustEvents, type EventOrigin } from '../events/trust-events';
import { rangeAffects } from './advisory-ranges';
import type { TrustRules } from './context';
import {
  evaluateTier,
  reviewStanding,
  type ScanStatusValue,
  type TierEvaluation,
  type TierInputs,
} from './tiers';
import { versionSummaries, type VersionSummary } from './lookup';
import { chainBelow } from './versions';

/** The advisories of a server whose range covers `version`. */
export function advisoriesAffecting(
  advisories: readonly AdvisoryEntity[],
  version: string,
): AdvisoryEntity[] {
  return advisories.filter((advisory) => rangeAffects(advisory.affectedVersions, version));
}

/**
 * Gathers the facts a tier is decided on, for `version` as the server's latest (the server's tier when it
 * is the latest; what `vet` uses for any version): the scan, the installs, the reviews along the chain of
 * versions with the same tool pins, the attestations of the version and the advisories covering it.
 */
export async function tierInputsFor(
  em: EntityManager,
  server: TrustServerEntity,
  version: ScannedVersionEntity | null,
  rules: TrustRules,
): Promise<TierInputs> {
  const base = { installs: server.installs, minInstalls: rules.minInstalls };
  if (!version)
    return { ...base, version: null, standing: { kind: 'none' }, attestations: [], advisories: [] };
  // One after the other: inside a transaction they share one connection anyway.
  const versions = await versionSummaries(em, server.id);
  const reviews = await em.find(ReviewEntity, { serverId: server.id });
  const attestations = await em.find(AttestationEntity, { versionId: version.id });
  const advisories = await em.find(AdvisoryEntity, { serverId: server.id });
  const chain = chainBelow<VersionSummary>(version, versions).map((link) => ({
    version: link.version,
    toolsetHash: link.toolsetHash,
    reviews: reviews.filter((review) => review.versionId === link.id),
  }));
  return {
    ...base,
    version: {
      id: version.id,
      version: version.version,
      scanStatus: version.scanStatus as ScanStatusValue,
      scanScore: version.scanScore,
      findings: version.findings,
      rugPull: version.rugPull,
      previousVersion: version.previousVersion,
      changedTools: version.toolChanges?.changed.map((change) => change.name) ?? [],
    },
    standing: reviewStanding(chain),
    attestations,
    advisories: advisoriesAffecting(advisories, version.version),
  };
}

/** The result of re-evaluating a server. */
export interface TrustRefresh {
  evaluation: TierEvaluation;
  previousTier: TrustTier;
  tierChanged: boolean;
}

/**
 * Re-evaluates a server's tier on its latest version inside the caller's transaction and stores the
 * result. A change of tier is recorded in the history and emitted as `tier.changed` (with the reason)
 * through the outbox, so it commits with the change that caused it. Callers lock the server row first.
 */
export async function refreshTrust(
  em: EntityManager,
  server: TrustServerEntity,
  context: { rules: TrustRules; now: Date; origin: EventOrigin },
): Promise<TrustRefresh> {
  const latest = server.latestVersionId
    ? await em.findOne(ScannedVersionEntity, { id: server.latestVersionId })
    : null;
  const evaluation = evaluateTier(await tierInputsFor(em, server, latest, context.rules));
  const previousTier = server.tier;
  const tierChanged = previousTier !== evaluation.tier;
  const summaryChanged =
    tierChanged ||
    server.score !== evaluation.score ||
    server.evaluatedVersionId !== (latest?.id ?? null) ||
    JSON.stringify(server.reasons) !== JSON.stringify(evaluation.reasons);
  if (summaryChanged) {
    server.tier = evaluation.tier;
    server.score = evaluation.score;
    server.reasons = evaluation.reasons;
    server.evaluatedVersionId = latest?.id ?? null;
    server.updatedAt = context.now;
  }
  if (tierChanged) {
    server.tierChangedAt = context.now;
    const event = trustEvents.tierChanged(
      {
        serverId: server.id,
        name: server.name,
        tier: evaluation.tier,
        previousTier,
        reason: evaluation.reason,
        reasons: evaluation.reasons,
        score: evaluation.score,
        versionId: latest?.id ?? null,
        version: latest?.version ?? null,
      },
      { ...context.origin, occurredAt: context.now },
    );
    em.persist(
      Object.assign(new TierChangeEntity(), {
        serverId: server.id,
        fromTier: previousTier,
        toTier: evaluation.tier,
        reason: evaluation.reason,
        reasons: evaluation.reasons,
        versionId: latest?.id ?? null,
        version: latest?.version ?? null,
        eventId: event.id,
        changedAt: context.now,
      }),
    );
    emit(em, event);
  }
  return { evaluation, previousTier, tierChanged };
}
