import type { EntityManager } from '@mikro-orm/knex';
import {
  clampFirst,
  decodeCursor,
  encodeCursor,
  failure,
  success,
  userError,
  type Outcome,
} from '@mcpr/platform';
import {
  AdvisoryEntity,
  PublisherKeyEntity,
  ReviewEntity,
  ScannedVersionEntity,
  TierChangeEntity,
  type TrustServerEntity,
} from '../data/entities';
import type { TrustRules } from './context';
import { signatureStatusFor } from './ingest';
import { findServerByName, findVersionOf, versionSummaries } from './lookup';
import { evaluateTier } from './tiers';
import { advisoriesAffecting, tierInputsFor } from './trust-evaluation';
import { decideVet, permissionKindsOf, vetNotFound, type VetOutcome, type VetPolicy } from './vet';

/** `vet` with what it decided on (for the result type). */
export interface VetResultData extends VetOutcome {
  name: string;
  /** The version vetted (null when not found). */
  version: string | null;
  tier: string | null;
}

/**
 * `vet(name, version, policy)`: ALLOW or DENY with every reason. `version` null (or "latest") vets the
 * latest version. Unknown servers and versions are a DENY with reason NOT_FOUND, never an error. The tier
 * is the one the server has with that version as its latest (for the latest, the server's own tier).
 */
export async function vet(
  em: EntityManager,
  input: { name: string; version?: string | null; policy: VetPolicy },
  rules: TrustRules,
): Promise<VetResultData> {
  const server = await findServerByName(em, input.name);
  if (!server) {
    return {
      ...vetNotFound(`No server named ${input.name} is known to trust.`),
      name: input.name,
      version: null,
      tier: null,
    };
  }
  const version = await findVersionOf(em, server, input.version);
  if (!version) {
    const message = input.version
      ? `${input.name} has no version ${input.version} known to trust (not published, or its scan is pending).`
      : `${input.name} has no live version.`;
    return { ...vetNotFound(message), name: input.name, version: null, tier: null };
  }
  const inputs = await tierInputsFor(em, server, version, rules);
  const { tier } = evaluateTier(inputs);
  const outcome = decideVet(
    {
      name: server.name,
      version: version.version,
      status: version.status,
      tier,
      findings: version.findings,
      permissionKinds: permissionKindsOf(version.manifest),
      signatureStatus: await signatureStatusFor(em, server.name, version),
      advisories: inputs.advisories,
    },
    input.policy,
  );
  return { ...outcome, name: server.name, version: version.version, tier };
}

/** A server's advisories, newest first, with the versions trust knows that each one covers. */
export async function listAdvisories(
  em: EntityManager,
  name: string,
): Promise<{ advisory: AdvisoryEntity; server: TrustServerEntity; affects: string[] }[]> {
  const server = await findServerByName(em, name);
  if (!server) return [];
  const advisories = await em.find(
    AdvisoryEntity,
    { serverId: server.id },
    { orderBy: { publishedAt: 'desc', id: 'desc' } },
  );
  const versions = (await versionSummaries(em, server.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
  return advisories.map((advisory) => ({
    advisory,
    server,
    affects: versions
      .filter((version) => advisoriesAffecting([advisory], version.version).length > 0)
      .map((version) => version.version),
  }));
}

/** The reviews of one version (`"latest"` for the latest), or of every version when `version` is null; newest first. */
export async function listReviews(
  em: EntityManager,
  name: string,
  version: string | null | undefined,
): Promise<{ review: ReviewEntity; version: ScannedVersionEntity; server: TrustServerEntity }[]> {
  const server = await findServerByName(em, name);
  if (!server) return [];
  let versions: ScannedVersionEntity[];
  if (version === null || version === undefined) {
    versions = await em.find(ScannedVersionEntity, { serverId: server.id });
  } else {
    const one = await findVersionOf(em, server, version);
    if (!one) return [];
    versions = [one];
  }
  const byId = new Map(versions.map((row) => [row.id, row]));
  const reviews = await em.find(
    ReviewEntity,
    { versionId: { $in: [...byId.keys()] } },
    { orderBy: { updatedAt: 'desc', id: 'desc' } },
  );
  return reviews.map((review) => ({ review, version: byId.get(review.versionId)!, server }));
}

/** A page of a server's scan reports, newest version first. */
export interface ScanHistoryPage {
  server: TrustServerEntity | null;
  versions: ScannedVersionEntity[];
  hasNextPage: boolean;
  totalCount: number;
}

const SCAN_CURSOR = 'scan';

/** Opaque cursor of a scan history entry. */
export const scanCursor = (version: ScannedVersionEntity): string => encodeCursor(SCAN_CURSOR, version.id);

/**
 * `scanHistory(name, first, after)`: every stored scan of a server in publish order, newest first (version
 * ids are UUIDv7, time-ordered). `first` is clamped to 100; an unknown cursor is BAD_USER_INPUT.
 */
export async function scanHistory(
  em: EntityManager,
  input: { name: string; first?: number | null; after?: string | null },
): Promise<Outcome<ScanHistoryPage>> {
  const first = clampFirst(input.first);
  let afterId: string | undefined;
  if (input.after) {
    afterId = decodeCursor<string>(SCAN_CURSOR, input.after);
    if (typeof afterId !== 'string') {
      return failure(userError('BAD_USER_INPUT', 'after is not a cursor of this list.', ['after']));
    }
  }
  const server = await findServerByName(em, input.name);
  if (!server) return success({ server: null, versions: [], hasNextPage: false, totalCount: 0 });
  const where = afterId ? { serverId: server.id, id: { $lt: afterId } } : { serverId: server.id };
  const rows = await em.find(ScannedVersionEntity, where, { orderBy: { id: 'desc' }, limit: first + 1 });
  const totalCount = await em.count(ScannedVersionEntity, { serverId: server.id });
  return success({ server, versions: rows.slice(0, first), hasNextPage: rows.length > first, totalCount });
}

/** A server's tier transitions, newest first. */
export async function tierHistory(em: EntityManager, name: string): Promise<TierChangeEntity[]> {
  const server = await findServerByName(em, name);
  if (!server) return [];
  return em.find(TierChangeEntity, { serverId: server.id }, { orderBy: { changedAt: 'desc', id: 'desc' } });
}

/** An account's publisher keys (revoked ones included), oldest first: public keys are public. */
export function publisherKeysOf(em: EntityManager, account: string): Promise<PublisherKeyEntity[]> {
  return em.find(PublisherKeyEntity, { account }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}
